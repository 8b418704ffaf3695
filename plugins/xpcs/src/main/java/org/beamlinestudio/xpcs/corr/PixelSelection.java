package org.beamlinestudio.xpcs.corr;

import org.beamlinestudio.xpcs.qmap.QMap;

/**
 * The pixels a correlator works on: those inside a dynamic and a static bin, in raster order, with their bins
 * (numbered from 1 as in the q-map).
 */
record PixelSelection(int[] pixels, int[] dynamicBin, int[] staticBin) {

    static PixelSelection of(QMap qmap) {
        int[] dyn = qmap.dynamicMap();
        int[] sta = qmap.staticMap();
        int n = 0;
        for (int i = 0; i < dyn.length; i++) {
            if (dyn[i] > 0 && sta[i] > 0) {
                n++;
            }
        }
        int[] px = new int[n];
        int[] db = new int[n];
        int[] sb = new int[n];
        int k = 0;
        for (int i = 0; i < dyn.length; i++) {
            if (dyn[i] > 0 && sta[i] > 0) {
                px[k] = i;
                db[k] = dyn[i];
                sb[k] = sta[i];
                k++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("the q-map has no pixel in both a dynamic and a static bin");
        }
        return new PixelSelection(px, db, sb);
    }

    int count() {
        return pixels.length;
    }
}
