package org.netspec.spec;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An upper estimate of the size of the program a regular expression compiles to (RE2 syntax, as
 * CEL's {@code matches} reads it): every character, class or escape is one instruction, a group
 * adds one, an alternative one, {@code *}, {@code +} and {@code ?} one, and a counted repetition
 * {@code {n,m}} copies what it repeats max(n, m) + 1 times. Nested counted repetitions multiply, so
 * {@code ((a{1,100}){1,100}){1,100}} estimates about 10^6: that is what makes RE2 build huge programs.
 * Saturates at {@link Long#MAX_VALUE}; a pattern RE2 would reject still gets an estimate.
 */
final class PatternSize {
    /**
     * The largest program a pattern of {@code matches} may compile to. RE2 copies a counted
     * repetition, so nested ones ({@code ((a{1,100}){1,100}){1,100}}) build programs of
     * gigabytes; ten thousand is more than any check of a name or mode needs. CEL compiles the
     * pattern at every call, so each call also costs its size.
     */
    static final long MAX = 10_000;

    /**
     * The pattern sizes of the {@code matches} calls of an expression; refuses a pattern that is not
     * literal text (its size cannot be known before it runs) or whose program is too large.
     */
    static Map<Long, Long> ofMatches(CelAbstractSyntaxTree ast, String text) throws Expressions.ExpressionException {
        Map<Long, Long> sizes = new HashMap<>();
        List<CelExpr> calls = CelNavigableAst.fromAst(ast).getRoot().allNodes()
                .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.CALL && node.expr().call().function().equals("matches"))
                .map(node -> node.expr()).toList();
        for (CelExpr call : calls) {
            List<CelExpr> args = call.call().args();
            CelExpr pattern = args.get(args.size() - 1);
            if (pattern.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                    || pattern.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
                throw new Expressions.ExpressionException("in `" + text + "`, matches() takes its pattern as literal text such as "
                        + "'^[a-z]+$', so that its size is known before it runs");
            }
            long size = of(pattern.constant().stringValue());
            if (size > MAX) {
                throw new Expressions.ExpressionException("in `" + text + "`, the pattern of matches() compiles to about "
                        + (size == Long.MAX_VALUE ? "more than 2^63" : size) + " instructions, more than the limit of "
                        + MAX + " (counted repetitions {n,m} inside each other multiply)");
            }
            sizes.put(call.id(), size);
        }
        return sizes;
    }

    private final String pattern;
    private int at;

    private PatternSize(String pattern) {
        this.pattern = pattern;
    }

    static long of(String pattern) {
        PatternSize p = new PatternSize(pattern);
        long size = p.alternation();
        while (p.at < pattern.length()) {
            // An unbalanced ')' ends nothing: count the rest too.
            p.at++;
            size = plus(size, p.alternation());
        }
        return size;
    }

    private long alternation() {
        long size = sequence();
        while (at < pattern.length() && pattern.charAt(at) == '|') {
            at++;
            size = plus(plus(size, sequence()), 1);
        }
        return size;
    }

    private long sequence() {
        long size = 0;
        while (at < pattern.length() && pattern.charAt(at) != '|' && pattern.charAt(at) != ')') {
            size = plus(size, repeated(atom()));
        }
        return size;
    }

    private long atom() {
        char c = pattern.charAt(at++);
        switch (c) {
            case '(' -> {
                if (at < pattern.length() && pattern.charAt(at) == '?') {
                    while (at < pattern.length() && pattern.charAt(at) != ':' && pattern.charAt(at) != ')'
                            && pattern.charAt(at) != '>') {
                        at++;
                    }
                    if (at < pattern.length() && pattern.charAt(at++) == ')') {
                        return 0;
                    }
                }
                long inner = alternation();
                if (at < pattern.length()) {
                    at++;
                }
                return plus(inner, 1);
            }
            case '[' -> {
                if (at < pattern.length() && pattern.charAt(at) == '^') {
                    at++;
                }
                if (at < pattern.length() && pattern.charAt(at) == ']') {
                    at++;
                }
                while (at < pattern.length() && pattern.charAt(at) != ']') {
                    at += pattern.charAt(at) == '\\' ? 2 : 1;
                }
                at++;
                return 1;
            }
            case '\\' -> {
                if (at + 1 < pattern.length() && "pPx".indexOf(pattern.charAt(at)) >= 0 && pattern.charAt(at + 1) == '{') {
                    int close = pattern.indexOf('}', at);
                    at = close < 0 ? pattern.length() : close;
                }
                at++;
                return 1;
            }
            default -> {
                return 1;
            }
        }
    }

    /** The size of an atom with the quantifiers that follow it. */
    private long repeated(long atom) {
        long size = atom;
        while (at < pattern.length()) {
            char c = pattern.charAt(at);
            if (c == '*' || c == '+' || c == '?') {
                at++;
                size = plus(size, 1);
            } else if (c == '{') {
                long count = count();
                if (count < 0) {
                    return size;
                }
                size = times(plus(size, 1), plus(count, 1));
            } else {
                return size;
            }
            if (at < pattern.length() && pattern.charAt(at) == '?') {
                at++;
            }
        }
        return size;
    }

    /** The larger bound of {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code at}, consumed; -1 (nothing consumed) if it is a literal brace. */
    private long count() {
        int close = pattern.indexOf('}', at);
        if (close < 0 || !pattern.substring(at + 1, close).matches("\\d{1,18}(,\\d{0,18})?")) {
            return -1;
        }
        long largest = 0;
        for (String bound : pattern.substring(at + 1, close).split(",")) {
            largest = Math.max(largest, Long.parseLong(bound));
        }
        at = close + 1;
        return largest;
    }

    private static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long times(long a, long b) {
        return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
    }
}
