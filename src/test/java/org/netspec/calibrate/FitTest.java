package org.netspec.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.device.DeviceProfile;
import org.netspec.device.KernelClass;
import org.netspec.device.TestDevices;

/** The fit recovers a known device from the times that device's model gives for the micro cases. */
class FitTest {
    @TempDir
    Path dir;

    /**
     * A device whose compute rate grows with a kernel's work: 100 GFLOP/s for a layer of 14,450,688
     * FLOPs (the 32-channel 3x3 case at 28x28), 400 for one of 924,844,032 (64 channels at 112x112),
     * linear in log2 between; memory so fast that every convolution is compute-bound.
     */
    private DeviceProfile device() throws Exception {
        return TestDevices.load(dir, """
                device: growing
                runtime: hand
                threads: 2
                peak_gflops: 400
                peak_by_flops: {14450688: 100, 924844032: 400}
                bandwidth_gbs: 1000000
                dispatch_us: 5
                fusions: []
                """);
    }

    /** A device of 400 GFLOP/s and 5 us dispatch that runs convolutions in ONNX Runtime's blocked layout. */
    private DeviceProfile blocked(int bandwidthGbs, String fusions, String... classes) throws Exception {
        return TestDevices.load(dir, "device: blocked\nruntime: hand\npeak_gflops: 400\nbandwidth_gbs: " + bandwidthGbs
                + "\ndispatch_us: 5\nfusions: [" + fusions + "]\nlayout_block: 16\n", classes);
    }

    /** The profile fitted to the times a device's model gives for the micro cases. */
    private DeviceProfile refitted(DeviceProfile device) throws Exception {
        return Fit.of(MicroCaseTimes.estimated(device, dir), "fitted", "hand", device.threads(), device.fusions(),
                device.layoutBlock());
    }

    @Test
    void theComputeRateOfEachSizeOfDenseLayerIsRecovered() throws Exception {
        DeviceProfile fitted = refitted(device());
        // Layers of 3x3 convolutions at dilation 1: 2 x 9 x Cin x Cout x H x W FLOPs. 57,802,752
        // (32 channels at 56x56, and 16 at 112x112) lies 2/6 of the way in log2 from the first to
        // the last entry: 200 GFLOP/s; 231,211,008 (64 at 56x56) 4/6 of the way: 300; 35,280,000 (25
        // at 56x56, 2.44141 times the first) log2(2.44141) / 6 = 0.21462 of the way: 164.385, 164 to three digits.
        // 903,168 and 3,612,672 (16 and 32 channels at 14x14) lie before the first entry: 100.
        assertEquals(Map.of(903168L, 100.0, 3612672L, 100.0, 14450688L, 100.0, 35280000L, 164.0, 57802752L, 200.0,
                231211008L, 300.0, 924844032L, 400.0),
                fitted.peakByFlops());
        assertEquals(400, fitted.peakGflops());
        assertEquals(1, fitted.params(KernelClass.DENSE_CONV).efficiency());
    }

    @Test
    void theEfficiencyAtStrideTwoIsRecoveredApartFromTheEfficiencyAtStrideOne() throws Exception {
        DeviceProfile strided = TestDevices.load(dir, """
                device: strided
                runtime: hand
                peak_gflops: 400
                bandwidth_gbs: 100
                dispatch_us: 5
                fusions: []
                """, "dense_conv: {efficiency: 1, by_stride: {1: 1, 2: 0.5}}", "depthwise_conv: {efficiency: 0.4, by_stride: {1: 1, 2: 1.5}}");
        DeviceProfile fitted = refitted(strided);
        assertEquals(1, fitted.params(KernelClass.DENSE_CONV).efficiency());
        assertEquals(Map.of(1L, 1.0, 2L, 0.5), fitted.params(KernelClass.DENSE_CONV).byStride());
        assertEquals(0.4, fitted.params(KernelClass.DEPTHWISE_CONV).efficiency());
        assertEquals(Map.of(1L, 1.0, 2L, 1.5), fitted.params(KernelClass.DEPTHWISE_CONV).byStride());
    }

    @Test
    void theReorderAndPreluEfficienciesAreRecoveredFromConvolutionsInTwoLayouts() throws Exception {
        DeviceProfile fitted = refitted(blocked(20, "conv_bn_act", "prelu: {efficiency: 0.1}", "reorder: {efficiency: 0.25}"));
        // within 0.002: the fitted dispatch holds the tiny cases' own bytes at 20 GB/s (5.1 us, not 5)
        assertEquals(0.1, fitted.params(KernelClass.PRELU).efficiency(), 0.002);
        assertEquals(0.25, fitted.params(KernelClass.REORDER).efficiency(), 0.002);
    }

    @Test
    void theEfficienciesOutsideTheBlockedLayoutAreRecoveredApart() throws Exception {
        DeviceProfile fitted = refitted(blocked(100, "", "dense_conv: {efficiency: 1, unblocked: 0.4}",
                "pooling: {efficiency: 0.8, unblocked: 0.5}", "resize: {efficiency: 0.6, unblocked: 0.25}"));
        // The 25-channel dense case runs in NCHW: it gives the multiplier, and neither a peak nor the
        // efficiency; so do the pooling on 24 channels and the bilinear resize on 20.
        assertEquals(0.4, fitted.params(KernelClass.DENSE_CONV).unblocked(), 0.002);
        assertEquals(1, fitted.params(KernelClass.DENSE_CONV).efficiency());
        assertFalse(fitted.peakByFlops().containsKey(35280000L));
        // within 0.005: the fitted dispatch, 5.03 us (it holds the tiny cases' own bytes), takes 0.03 us
        // from the pooling layers' 10 us of work, 0.802 for 0.8
        assertEquals(0.8, fitted.params(KernelClass.POOLING).efficiency(), 0.005);
        assertEquals(0.5, fitted.params(KernelClass.POOLING).unblocked(), 0.005);
        assertEquals(0.6, fitted.params(KernelClass.RESIZE).efficiency(), 0.005);
        assertEquals(0.25, fitted.params(KernelClass.RESIZE).unblocked(), 0.005);
    }

    @Test
    void theReorderEfficiencyBySizeOfCopyIsRecovered() throws Exception {
        // The reorder cases copy, a reorder, 384 x side^2 bytes on average (five 64-channel tensors and
        // five 32-channel ones, each read and written): 1,204,224 at 56x56, 39,321,600 at 320x320. This
        // device copies every tensor of the first case (0.8 and 1.6 MB) at twice its efficiency, and every
        // one of the others (26 MB and more) at its efficiency, 0.25.
        DeviceProfile fitted = refitted(blocked(20, "", "reorder: {efficiency: 0.25, by_bytes: {2000000: 2, 20000000: 1}}"));
        assertEquals(0.25, fitted.params(KernelClass.REORDER).efficiency(), 0.002);
        assertEquals(2, fitted.params(KernelClass.REORDER).byBytes().get(1204224L), 0.02);
        assertEquals(1, fitted.params(KernelClass.REORDER).byBytes().get(39321600L), 0.01);
    }

    @Test
    void theEfficiencyOfAClassWhoseCasesDifferInSizeAloneIsRecoveredBySize() throws Exception {
        // A PReLU layer of the cases reads and writes 32 x side^2 floats and its 32 slopes: 802,944 bytes
        // at 56x56, 12,845,184 at 224x224, 51,380,352 at 448x448. This device runs the smallest at half
        // its efficiency (a kernel too small for its second thread), the others at 0.2.
        DeviceProfile fitted = refitted(blocked(20, "conv_bn_act", "prelu: {efficiency: 0.2, by_bytes: {802944: 0.5, 12845184: 1}}"));
        assertEquals(0.2, fitted.params(KernelClass.PRELU).efficiency(), 0.002);
        assertEquals(0.5, fitted.params(KernelClass.PRELU).byBytes().get(802944L), 0.005);
        assertEquals(1, fitted.params(KernelClass.PRELU).byBytes().get(12845184L), 0.005);
    }

    @Test
    void theBandwidthOfMainMemoryIsRecovered() throws Exception {
        DeviceProfile streaming = TestDevices.load(dir, """
                device: streaming
                runtime: hand
                peak_gflops: 1000
                bandwidth_gbs: 25
                dispatch_us: 5
                fusions: []
                """);
        DeviceProfile fitted = refitted(streaming);
        // The element-wise case's ReLU reads and writes 32 x 896 x 896 floats a layer: 205,520,896
        // bytes in 5 us + 205,520,896 / 25e9 s, which is 25 GB/s beyond the dispatch (to three digits).
        assertEquals(25, fitted.bandwidthGbs());
        // Dispatch: the median of the tiny cases' time per layer, 5 us + 4 x 2 x 8 x 4 x 4 B / 25e9 s
        // and 5 us + 4 x 2 x 8 x 8 x 8 B / 25e9 s: 5 us + 2560 B / 25 GB/s = 5.1024 us, 5.1 to three digits.
        assertEquals(5.1, fitted.dispatchMicros());
        assertEquals(1, fitted.params(KernelClass.ELEMENT_WISE).efficiency());
    }
}
