package org.beamlinestudio.core.hdf5;

import io.jhdf.object.datatype.ArrayDataType;
import io.jhdf.object.datatype.BitField;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.OrderedDataType;
import io.jhdf.object.datatype.Reference;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.nio.ByteOrder;
import java.util.StringJoiner;
import org.beamlinestudio.core.data.ElementType;

/** Maps jhdf data types to {@link ElementType} and to the names scientists know from numpy. */
final class Hdf5Types {
    private Hdf5Types() {
    }

    static ElementType elementType(DataType t) {
        if (t instanceof FixedPoint fp) {
            boolean s = fp.isSigned();
            switch (fp.getSize()) {
                case 1:
                    return s ? ElementType.INT8 : ElementType.UINT8;
                case 2:
                    return s ? ElementType.INT16 : ElementType.UINT16;
                case 4:
                    return s ? ElementType.INT32 : ElementType.UINT32;
                case 8:
                    return s ? ElementType.INT64 : ElementType.UINT64;
                default:
                    return ElementType.OTHER;
            }
        }
        if (t instanceof FloatingPoint) {
            switch (t.getSize()) {
                case 4:
                    return ElementType.FLOAT32;
                case 8:
                    return ElementType.FLOAT64;
                default:
                    return ElementType.OTHER; // float16 and exotic widths: browsable only
            }
        }
        return ElementType.OTHER;
    }

    static ByteOrder byteOrder(DataType t) {
        if (t instanceof OrderedDataType o && o.getByteOrder() != null) {
            return o.getByteOrder();
        }
        return ByteOrder.LITTLE_ENDIAN;
    }

    static String describe(DataType t) {
        if (t == null) {
            return "unknown";
        }
        try {
            if (t instanceof FixedPoint fp) {
                return (fp.isSigned() ? "int" : "uint") + fp.getSize() * 8;
            }
            if (t instanceof FloatingPoint) {
                return "float" + t.getSize() * 8;
            }
            if (t instanceof StringData) {
                return "string";
            }
            if (t instanceof VariableLength) {
                return t.getJavaType() == String.class ? "string" : "vlen";
            }
            if (t instanceof EnumDataType e) {
                if (e.getEnumMapping().size() == 2 && e.getEnumMapping().containsValue("TRUE")
                        && e.getEnumMapping().containsValue("FALSE")) {
                    return "bool";
                }
                return "enum" + e.getEnumMapping().values();
            }
            if (t instanceof CompoundDataType c) {
                StringJoiner j = new StringJoiner(", ", "compound{", "}");
                c.getMembers().forEach(m -> j.add(m.getName() + ": " + describe(m.getDataType())));
                return j.toString();
            }
            if (t instanceof ArrayDataType a) {
                return "array" + java.util.Arrays.toString(a.getArrayTypeDimensions()) + " of " + describe(a.getBaseType());
            }
            if (t instanceof Reference) {
                return "reference";
            }
            if (t instanceof BitField) {
                return "bitfield" + t.getSize() * 8;
            }
        } catch (RuntimeException e) {
            // fall through to the generic name
        }
        return t.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

}
