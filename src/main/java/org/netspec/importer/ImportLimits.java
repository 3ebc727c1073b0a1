package org.netspec.importer;

/**
 * Bounds on what reading one ONNX model may cost, so a corrupt or hostile file fails fast with a
 * clear message instead of exhausting memory or time.
 *
 * @param maxModelBytes largest model file read, and largest total of the external weight files it names
 * @param maxNodes most nodes its graph may have (the spec limit of the same name)
 */
public record ImportLimits(long maxModelBytes, long maxNodes) {
    /** 1 GiB: the largest CNNs in ONNX are some hundred megabytes. */
    public static final long DEFAULT_MAX_MODEL_BYTES = 1L << 30;

    public ImportLimits {
        if (maxModelBytes < 1 || maxNodes < 1) {
            throw new IllegalArgumentException("every limit must be positive");
        }
    }
}
