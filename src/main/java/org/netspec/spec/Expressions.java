package org.netspec.spec;

import com.google.common.primitives.UnsignedLong;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.math3.util.ArithmeticUtils;

/**
 * Evaluates the expressions of specs with Google's Common Expression Language (CEL): no side
 * effects, no access to Java classes, files, the network or the environment, guaranteed
 * termination, and integer overflow and division by zero reported as errors. Adds a few
 * functions designers need: {@code range}, {@code min}, {@code max}, {@code pow}, {@code gcd},
 * {@code ceil}, {@code floor}. Expressions are parsed once; each is checked against the variables it
 * reads, and the programs are cached by those names and the text.
 *
 * <p>Bounded by the {@link Limits}: the length and nesting of one expression, the comprehension
 * iterations of one evaluation, the values of one {@code range()}, and the work of all the
 * evaluations of one instance together (its cost: one unit per evaluation step, plus one per
 * character or list element of the value each step yields, and for each expression compiled 5000
 * plus one per character and per name it reads; each {@code matches} call, the size of its
 * pattern's program, see {@link PatternSize#MAX}), so no spec can exhaust time or memory
 * through its expressions. Results are integers, finite decimals, booleans, text, lists and maps
 * of those; anything else CEL can make (timestamps, bytes, types, null) is an error.
 */
public final class Expressions {
    /** Functions added to CEL's standard library, listed for "did you mean". */
    public static final Set<String> FUNCTIONS = Set.of("range", "min", "max", "pow", "gcd", "ceil", "floor",
            "int", "double", "string", "size", "bool", MakeDivisible.NAME);

    /** Checking an expression and building its program takes about as long as 5000 evaluation steps. */
    private static final long COMPILE_COST = 5_000;

    private static final Pattern NO_OVERLOAD = Pattern.compile("found no matching overload for '([^']*)' applied to '([^']*)'");

    private final Limits limits;
    private final CelCompiler baseCompiler;
    private final CelRuntime runtime;
    private final Map<Set<String>, CelCompiler> compilers;
    private final Map<String, Parsed> parses;
    private final Map<String, Compiled> programs;
    private final AtomicLong cost = new AtomicLong();

    public Expressions(Limits limits) {
        this(limits, false);
    }

    /** @param warmingUp whether this is {@link ExpressionWarmUp}'s instance, which must not wait for itself */
    Expressions(Limits limits, boolean warmingUp) {
        if (!warmingUp) {
            ExpressionWarmUp.await();
        }
        this.limits = limits;
        CelOptions options = CelOptions.current()
                .enableHeterogeneousNumericComparisons(true)
                .enableHiddenAccumulatorVar(true)
                .comprehensionMaxIterations((int) Math.min(Integer.MAX_VALUE, limits.maxIterations()))
                .maxExpressionCodePointSize(limits.maxExpressionLength())
                .maxParseRecursionDepth(limits.maxExpressionDepth())
                .build();
        this.baseCompiler = baseCompiler(options);
        this.runtime = runtime(options);
        this.compilers = new ConcurrentHashMap<>();
        this.parses = new ConcurrentHashMap<>();
        this.programs = new ConcurrentHashMap<>();
    }

    /**
     * A new instance with a fresh cost budget that shares this one's parsed and compiled programs,
     * for evaluating the same spec many times (a sweep's variants) without compiling again.
     */
    public Expressions withFreshBudget() {
        return new Expressions(this);
    }

    private Expressions(Expressions shared) {
        this.limits = shared.limits;
        this.baseCompiler = shared.baseCompiler;
        this.runtime = shared.runtime;
        this.compilers = shared.compilers;
        this.parses = shared.parses;
        this.programs = shared.programs;
    }

    /** A failed evaluation, with a message that says what was expected. */
    public static final class ExpressionException extends Exception {
        private final String unknownName;
        private final boolean costExhausted;

        ExpressionException(String message) {
            this(message, null, false);
        }

        private ExpressionException(String message, String unknownName, boolean costExhausted) {
            super(message, null, false, false);
            this.unknownName = unknownName;
            this.costExhausted = costExhausted;
        }

        /** The name the expression uses that is not defined, if that is the problem. */
        public Optional<String> unknownName() {
            return Optional.ofNullable(unknownName);
        }

        /** Whether the expressions used up their cost limit, so that every further evaluation fails too. */
        public boolean costExhausted() {
            return costExhausted;
        }
    }

    /**
     * Evaluates {@code text} with the given variables (Long, Double, Boolean, String, List or Map
     * values) and returns a Long, Double, Boolean, String, List or Map.
     */
    public Object evaluate(String text, Map<String, Object> variables) throws ExpressionException {
        Object bare = variables.get(text.strip());
        if (bare != null) {
            // A bare variable name evaluates to its value; skipping CEL's compiler saves ~2 ms each.
            charge(1, text);
            return bare;
        }
        Parsed parsed = parsed(text, variables.keySet());
        Set<String> declared = new TreeSet<>(parsed.identifiers());
        declared.retainAll(variables.keySet());
        String key = declared + "\u0000" + text;
        Compiled compiled = programs.get(key);
        if (compiled == null) {
            charge(COMPILE_COST + text.length() + declared.size(), text);
            Map<Long, Long> patterns = PatternSize.ofMatches(parsed.ast(), text);
            compiled = new Compiled(check(compilers.computeIfAbsent(declared, this::compiler), parsed.ast(), text,
                    variables.keySet()), patterns);
            programs.put(key, compiled);
        }
        Map<Long, Long> patterns = compiled.patterns();
        Object result;
        try {
            result = compiled.program().trace(variables, (expr, value) -> chargeStep(value, patterns.getOrDefault(expr.id(), 0L)));
        } catch (CelEvaluationException e) {
            throw explain(e, text);
        }
        return normalise(result, text);
    }

    /** A checked program, and the program size of the pattern of each of its {@code matches} calls by expression id. */
    private record Compiled(CelRuntime.Program program, Map<Long, Long> patterns) {
    }

    /** Charges one evaluation step, the size of the value it yields and the pattern it compiled (if any). */
    private void chargeStep(Object value, long pattern) {
        if (cost.addAndGet(1 + pattern + size(value, limits.maxExpressionCost())) > limits.maxExpressionCost()) {
            throw new LimitException(costMessage(), true);
        }
    }

    private void charge(long units, String text) throws ExpressionException {
        if (cost.addAndGet(units) > limits.maxExpressionCost()) {
            throw new ExpressionException(costMessage() + " at `" + text + "`", null, true);
        }
    }

    private String costMessage() {
        return "the expressions of this spec need more work than the limit of " + limits.maxExpressionCost()
                + " (evaluation steps, the values they yield, and compiling; raise it with --max-expression-cost)";
    }

    /** Characters of a text, elements of a list or map counted all the way down; stops counting past {@code enough}. */
    private static long size(Object value, long enough) {
        if (value instanceof String s) {
            return s.length();
        }
        Collection<?> items = value instanceof Collection<?> c ? c : value instanceof Map<?, ?> m ? m.values() : null;
        if (items == null) {
            return 0;
        }
        long n = items.size();
        for (Object item : items) {
            if (n > enough) {
                break;
            }
            n += size(item, enough - n);
        }
        return n;
    }

    /** A parsed expression and the names it reads, which are all that its checker needs to declare. */
    private record Parsed(CelAbstractSyntaxTree ast, Set<String> identifiers) {
    }

    private Parsed parsed(String text, Set<String> names) throws ExpressionException {
        Parsed cached = parses.get(text);
        if (cached != null) {
            return cached;
        }
        try {
            CelAbstractSyntaxTree ast = baseCompiler.parse(text).getAst();
            Set<String> identifiers = CelNavigableAst.fromAst(ast).getRoot().allNodes()
                    .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.IDENT)
                    .map(node -> node.expr().ident().name())
                    .collect(Collectors.toSet());
            Parsed parsed = new Parsed(ast, identifiers);
            parses.put(text, parsed);
            return parsed;
        } catch (CelValidationException e) {
            throw explain(e.getErrors().get(0).getMessage(), text, names);
        }
    }

    private CelRuntime.Program check(CelCompiler checker, CelAbstractSyntaxTree parsed, String text, Set<String> names)
            throws ExpressionException {
        try {
            return runtime.createProgram(checker.check(parsed).getAst());
        } catch (CelValidationException e) {
            throw explain(e.getErrors().get(0).getMessage(), text, names);
        } catch (CelEvaluationException e) {
            throw explain(e, text);
        }
    }

    private ExpressionException explain(String celMessage, String text, Set<String> names) {
        String undeclared = "undeclared reference to '";
        if (celMessage.startsWith(undeclared)) {
            String name = celMessage.substring(undeclared.length(), celMessage.indexOf('\'', undeclared.length()));
            if (Pattern.compile("(^|[^A-Za-z0-9_.])" + Pattern.quote(name) + "\\s*\\(").matcher(text).find()) {
                return new ExpressionException("unknown function `" + name + "`" + Suggestions.hint(name, FUNCTIONS)
                        + " (functions: " + String.join(", ", new TreeSet<>(FUNCTIONS)) + ")", name, false);
            }
            List<String> known = new ArrayList<>(names);
            known.addAll(FUNCTIONS);
            return new ExpressionException("unknown name `" + name + "`" + Suggestions.hint(name, known)
                    + (names.isEmpty() ? "" : " (names here: " + String.join(", ", names) + ")"), name, false);
        }
        if (celMessage.startsWith("expression code point size exceeds limit")) {
            return new ExpressionException("the expression is " + text.codePointCount(0, text.length())
                    + " characters long, more than the limit of " + limits.maxExpressionLength()
                    + " (raise it with --max-expression-length)");
        }
        if (celMessage.startsWith("Expression recursion limit exceeded")) {
            return new ExpressionException("the expression nests parentheses, lists or calls more than "
                    + limits.maxExpressionDepth() + " deep (raise the limit with --max-expression-depth)");
        }
        Matcher overload = NO_OVERLOAD.matcher(celMessage);
        if (overload.find()) {
            return new ExpressionException(operandsMessage(text, overload.group(1), overload.group(2)));
        }
        return new ExpressionException("invalid expression `" + text + "`: " + celMessage);
    }

    /** "`/` does not take (int, double)", with the remedy when integers meet decimals. */
    private static String operandsMessage(String text, String function, String types) {
        String operator = function.matches("_.*_") ? function.replace("_", "") : function;
        boolean mixed = types.contains("int") && types.contains("double");
        return "in `" + text + "`, `" + operator + "` does not take " + types
                + (mixed ? "; integers and decimals do not mix: write double(n) or int(x)" : "");
    }

    private static final Pattern INTEGER_DIVISION_FAILED = Pattern.compile("Function '(divide|modulo)_(int64|uint64)' failed");

    private ExpressionException explain(CelEvaluationException e, String text) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof LimitException limit) {
            return new ExpressionException(limit.getMessage() + (limit.costExhausted ? " at `" + text + "`" : ""), null,
                    limit.costExhausted);
        }
        if (root instanceof MakeDivisible.Refused refused) {
            return new ExpressionException(refused.getMessage() + " in `" + text + "`");
        }
        String m = String.valueOf(e.getMessage());
        if (root instanceof ArithmeticException || m.contains("overflow")) {
            return new ExpressionException(String.valueOf(root.getMessage()).contains("zero")
                    ? "division by zero in `" + text + "`"
                    : "integer overflow in `" + text + "` (values are 64-bit integers)");
        }
        // Once the JIT compiles CEL's integer division, HotSpot throws its preallocated, message-less
        // ArithmeticException and CEL reports only that the function failed: that too is a zero divisor.
        if (e.getErrorCode() == CelErrorCode.DIVIDE_BY_ZERO || m.contains("/ by zero") || m.contains("divide by zero")
                || m.contains("modulus by zero") || INTEGER_DIVISION_FAILED.matcher(m).find()) {
            return new ExpressionException("division by zero in `" + text + "`");
        }
        if (m.contains("Iteration budget exceeded")) {
            return new ExpressionException("the comprehensions (map, filter, exists, all) of `" + text
                    + "` run more than " + limits.maxIterations() + " iterations (raise the limit with --max-iterations)");
        }
        if (m.contains("No matching overload")) {
            return new ExpressionException("the operand types do not fit in `" + text
                    + "`; integers and decimals do not mix, write double(n) or int(x)");
        }
        int at = m.indexOf(": ");
        return new ExpressionException("cannot evaluate `" + text + "`: " + (at >= 0 ? m.substring(at + 2) : m));
    }

    /** A spec asked for more than the limits allow, or for something a function does not take. */
    private static final class LimitException extends RuntimeException {
        private final boolean costExhausted;

        LimitException(String message) {
            this(message, false);
        }

        LimitException(String message, boolean costExhausted) {
            super(message, null, false, false);
            this.costExhausted = costExhausted;
        }
    }

    /** The value in the types specs use (Long, Double, Boolean, String, List, Map); others are errors. */
    private static Object normalise(Object value, String text) throws ExpressionException {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Long || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new ExpressionException("`" + text + "` gives " + d + "; decimals must be finite");
            }
            return d;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(normalise(o, text));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(normalise(e.getKey(), text), normalise(e.getValue(), text));
            }
            return out;
        }
        throw new ExpressionException("`" + text + "` gives " + kind(value)
                + "; expressions give integers, decimals, true/false, text and lists");
    }

    private static String kind(Object value) {
        if (value == null || value instanceof NullValue || value instanceof com.google.protobuf.NullValue) {
            return "null";
        }
        if (value instanceof UnsignedLong) {
            return "an unsigned integer";
        }
        if (value instanceof ByteString) {
            return "bytes";
        }
        if (value instanceof Timestamp) {
            return "a timestamp";
        }
        if (value instanceof Duration) {
            return "a duration";
        }
        if (value instanceof CelType) {
            return "a type";
        }
        return "a value of type " + value.getClass().getSimpleName();
    }

    /** The parser and checker with the added functions, to which each set of variable names is added. */
    private static CelCompiler baseCompiler(CelOptions options) {
        return CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addFunctionDeclarations(
                        CelFunctionDecl.newFunctionDeclaration("range",
                                CelOverloadDecl.newGlobalOverload("range_int", ListType.create(SimpleType.INT), SimpleType.INT),
                                CelOverloadDecl.newGlobalOverload("range_int_int", ListType.create(SimpleType.INT),
                                        SimpleType.INT, SimpleType.INT)),
                        CelFunctionDecl.newFunctionDeclaration("min",
                                CelOverloadDecl.newGlobalOverload("min_int_int", SimpleType.INT, SimpleType.INT, SimpleType.INT),
                                CelOverloadDecl.newGlobalOverload("min_double_double", SimpleType.DOUBLE, SimpleType.DOUBLE,
                                        SimpleType.DOUBLE)),
                        CelFunctionDecl.newFunctionDeclaration("max",
                                CelOverloadDecl.newGlobalOverload("max_int_int", SimpleType.INT, SimpleType.INT, SimpleType.INT),
                                CelOverloadDecl.newGlobalOverload("max_double_double", SimpleType.DOUBLE, SimpleType.DOUBLE,
                                        SimpleType.DOUBLE)),
                        CelFunctionDecl.newFunctionDeclaration("pow",
                                CelOverloadDecl.newGlobalOverload("pow_int_int", SimpleType.INT, SimpleType.INT, SimpleType.INT)),
                        CelFunctionDecl.newFunctionDeclaration("gcd",
                                CelOverloadDecl.newGlobalOverload("gcd_int_int", SimpleType.INT, SimpleType.INT, SimpleType.INT)),
                        CelFunctionDecl.newFunctionDeclaration("ceil",
                                CelOverloadDecl.newGlobalOverload("ceil_double", SimpleType.INT, SimpleType.DOUBLE)),
                        CelFunctionDecl.newFunctionDeclaration("floor",
                                CelOverloadDecl.newGlobalOverload("floor_double", SimpleType.INT, SimpleType.DOUBLE)))
                .addFunctionDeclarations(MakeDivisible.declaration())
                .build();
    }

    /** The checker for expressions that read {@code variables} (all dynamically typed). */
    private CelCompiler compiler(Set<String> variables) {
        var builder = baseCompiler.toCompilerBuilder();
        for (String v : variables) {
            builder.addVar(v, SimpleType.DYN);
        }
        return builder.build();
    }

    /** The evaluator of checked expressions: one for every set of variables. */
    private CelRuntime runtime(CelOptions options) {
        return CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(options)
                .addFunctionBindings(
                        CelRuntime.CelFunctionBinding.from("range_int", Long.class, n -> range(0L, n)),
                        CelRuntime.CelFunctionBinding.from("range_int_int", Long.class, Long.class, this::range),
                        CelRuntime.CelFunctionBinding.from("min_int_int", Long.class, Long.class, Math::min),
                        CelRuntime.CelFunctionBinding.from("min_double_double", Double.class, Double.class, Math::min),
                        CelRuntime.CelFunctionBinding.from("max_int_int", Long.class, Long.class, Math::max),
                        CelRuntime.CelFunctionBinding.from("max_double_double", Double.class, Double.class, Math::max),
                        CelRuntime.CelFunctionBinding.from("pow_int_int", Long.class, Long.class, Expressions::pow),
                        CelRuntime.CelFunctionBinding.from("gcd_int_int", Long.class, Long.class, ArithmeticUtils::gcd),
                        CelRuntime.CelFunctionBinding.from("ceil_double", Double.class, d -> toLong(Math.ceil(d))),
                        CelRuntime.CelFunctionBinding.from("floor_double", Double.class, d -> toLong(Math.floor(d))))
                .addFunctionBindings(MakeDivisible.bindings())
                .build();
    }

    private List<Long> range(Long from, Long to) {
        if (to > from && (to - from < 0 || to - from > limits.maxIterations())) {
            throw new LimitException("range(" + from + ", " + to + ") has " + (to - from < 0 ? "more than 2^63" : to - from)
                    + " values, more than the limit of " + limits.maxIterations() + " (raise it with --max-iterations)");
        }
        List<Long> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    private static long pow(long base, long exponent) {
        if (exponent < 0) {
            throw new LimitException("pow() takes a non-negative exponent, got " + exponent);
        }
        try {
            return ArithmeticUtils.pow(base, (int) Math.min(exponent, Integer.MAX_VALUE));
        } catch (org.apache.commons.math3.exception.MathArithmeticException e) {
            throw new ArithmeticException("overflow");
        }
    }

    private static long toLong(double d) {
        if (Double.isNaN(d) || Math.abs(d) > 9.0e18) {
            throw new ArithmeticException("overflow");
        }
        return (long) d;
    }
}
