package org.netspec.analysis.field;

import org.netspec.analysis.StepBudget;
import org.netspec.graph.Node;

/** The steps the fields of one network take, charged to the node being composed when they run out. */
final class Steps {
    private final StepBudget budget;
    private Node node;

    Steps(StepBudget budget) {
        this.budget = budget;
    }

    void at(Node n) {
        node = n;
    }

    /**
     * @throws ReceptiveField.StepsExceeded when the network's steps are spent
     */
    void spend(long n) {
        if (!budget.spend(n)) {
            throw new ReceptiveField.StepsExceeded(node, budget.maxSteps());
        }
    }
}
