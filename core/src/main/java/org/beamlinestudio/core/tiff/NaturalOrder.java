package org.beamlinestudio.core.tiff;

import java.nio.file.Path;
import java.util.Comparator;

/** Natural order of names: runs of digits compare as numbers, so "p2.tif" sorts before "p10.tif". */
public final class NaturalOrder implements Comparator<String> {

    /** The comparator on names. */
    public static final NaturalOrder INSTANCE = new NaturalOrder();
    /** The comparator on the file names of paths. */
    public static final Comparator<Path> BY_FILE_NAME = Comparator.comparing(p -> p.getFileName().toString(), INSTANCE);

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String da = a.substring(si, i).replaceFirst("^0+(?=\\d)", "");
                String db = b.substring(sj, j).replaceFirst("^0+(?=\\d)", "");
                int c = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }
}
