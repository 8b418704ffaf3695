package org.beamlinestudio.xpcs.qmap;

/**
 * How detector pixels are binned: each pixel's dynamic bin (where g2 is computed) and static bin (the finer
 * sub-bins over which the symmetric normalisation is smoothed), with the q (Å⁻¹) and azimuth φ (degrees) of each
 * bin. Bins are numbered from 1; 0 means the pixel is masked or outside every bin.
 *
 * @param dynamicMap  {@code height × width}, C order, 0 or 1…dynamicQ.length
 * @param staticMap   {@code height × width}, C order, 0 or 1…staticQ.length; every static bin lies inside one
 *                    dynamic bin
 */
public record QMap(int width, int height, int[] dynamicMap, int[] staticMap, double[] dynamicQ, double[] dynamicPhi,
                   double[] staticQ, double[] staticPhi) {

    public QMap {
        int n = width * height;
        if (dynamicMap.length != n || staticMap.length != n) {
            throw new IllegalArgumentException("maps of " + dynamicMap.length + " and " + staticMap.length
                    + " pixels for a " + width + "×" + height + " detector");
        }
        if (dynamicPhi.length != dynamicQ.length || staticPhi.length != staticQ.length) {
            throw new IllegalArgumentException("q and φ lists differ in length");
        }
    }

    /** Number of dynamic bins. */
    public int dynamicCount() {
        return dynamicQ.length;
    }

    /** Number of static bins. */
    public int staticCount() {
        return staticQ.length;
    }
}
