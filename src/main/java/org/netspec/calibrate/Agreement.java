package org.netspec.calibrate;

import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * How well estimates agree with measurements: Spearman's rank correlation (does the model order
 * the subjects as the runtime does?) and the median absolute relative error.
 */
public record Agreement(double spearman, double medianAbsoluteError) {
    public static Agreement of(double[] estimated, double[] measured) {
        if (estimated.length != measured.length || estimated.length < 2) {
            throw new IllegalArgumentException("agreement needs two pairs or more of the same length");
        }
        DescriptiveStatistics errors = new DescriptiveStatistics();
        for (int i = 0; i < estimated.length; i++) {
            errors.addValue(Math.abs(estimated[i] - measured[i]) / measured[i]);
        }
        return new Agreement(new SpearmansCorrelation().correlation(estimated, measured), errors.getPercentile(50));
    }
}
