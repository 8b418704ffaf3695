package org.beamlinestudio.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.beamlinestudio.catalog.CatalogQuery.Condition;
import org.beamlinestudio.catalog.CatalogQuery.Op;
import org.junit.jupiter.api.Test;

class CatalogQueryParserTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    private static CatalogQuery parse(String text) {
        return CatalogQueryParser.parseWithSort(text, UTC).query();
    }

    @Test
    void wordsAndQuotedPhrasesAreFreeText() {
        CatalogQuery q = parse("  tooth  \"dental enamel\" scan_17 ");
        assertThat(q.words()).containsExactly("tooth", "dental enamel", "scan_17");
        assertThat(q.conditions()).isEmpty();
        assertThat(parse("").words()).isEmpty();
        assertThat(CatalogQueryParser.parse(null)).isEqualTo(CatalogQuery.all());
    }

    @Test
    void colonMeansContainsAndKeepsQuotedValues() {
        CatalogQuery q = parse("sample:tooth title:\"first light\"");
        assertThat(q.conditions()).containsExactly(new Condition("sample", Op.CONTAINS, "tooth"),
                new Condition("title", Op.CONTAINS, "first light"));
    }

    @Test
    void comparisonsWithAndWithoutSpacesAreNumeric() {
        CatalogQuery q = parse("energy > 20 energy<=30.5 angles>=1500 frames< 10 scan_id =17 pixel_size!=0.65 x==2");
        assertThat(q.words()).isEmpty();
        assertThat(q.conditions()).containsExactly(
                new Condition("energy", Op.GT, 20.0),
                new Condition("energy", Op.LE, 30.5),
                new Condition("angles", Op.GE, 1500.0),
                new Condition("frames", Op.LT, 10.0),
                new Condition("scan_id", Op.EQ, 17.0),
                new Condition("pixel_size", Op.NE, 0.65),
                new Condition("x", Op.EQ, 2.0));
    }

    @Test
    void wordsMixWithConditionsAndSortIsReturnedApart() {
        CatalogQueryParser.Parsed p = CatalogQueryParser.parseWithSort("tooth energy > 20 sample:tooth sort newest", UTC);
        assertThat(p.query().words()).containsExactly("tooth");
        assertThat(p.query().conditions()).containsExactly(new Condition("energy", Op.GT, 20.0),
                new Condition("sample", Op.CONTAINS, "tooth"));
        assertThat(p.sort()).contains(new CatalogSort("modified", true));
        assertThat(CatalogQueryParser.parseWithSort("sort:-energy", UTC).sort()).contains(new CatalogSort("energy", true));
        assertThat(CatalogQueryParser.parseWithSort("sort energy desc", UTC).sort()).contains(new CatalogSort("energy", true));
        assertThat(CatalogQueryParser.parseWithSort("sort name", UTC).sort()).contains(new CatalogSort("name", false));
        assertThat(CatalogQueryParser.parseWithSort("sort oldest", UTC).sort()).contains(new CatalogSort("modified", false));
        assertThat(CatalogQueryParser.parse("tooth sort newest").words()).containsExactly("tooth");
    }

    @Test
    void textEqualityForNonNumbersAndPathFieldsKeepTheirCase() {
        CatalogQuery q = parse("technique=tomography /entry/instrument/source/energy>8 Sample:Tooth");
        assertThat(q.conditions()).containsExactly(new Condition("technique", Op.EQ, "tomography"),
                new Condition("/entry/instrument/source/energy", Op.GT, 8.0),
                new Condition("sample", Op.CONTAINS, "Tooth"));
    }

    @Test
    void dateRangesBecomeInclusiveInstantConditionsOnModified() {
        assertThat(parse("date:2026-11-01..2026-11-21").conditions()).containsExactly(
                new Condition("modified", Op.GE, "2026-11-01T00:00:00Z"),
                new Condition("modified", Op.LE, "2026-11-21T23:59:59.999999999Z"));
        assertThat(parse("date>2026-11-01").conditions()).containsExactly(
                new Condition("modified", Op.GT, "2026-11-01T23:59:59.999999999Z"));
        assertThat(parse("date >= 2026-11-01").conditions()).containsExactly(
                new Condition("modified", Op.GE, "2026-11-01T00:00:00Z"));
        assertThat(parse("date<2026-11-01").conditions()).containsExactly(
                new Condition("modified", Op.LT, "2026-11-01T00:00:00Z"));
        assertThat(parse("date:2026-11-05").conditions()).containsExactly(
                new Condition("modified", Op.GE, "2026-11-05T00:00:00Z"),
                new Condition("modified", Op.LE, "2026-11-05T23:59:59.999999999Z"));
        assertThat(parse("date:2026-11-01..").conditions()).containsExactly(
                new Condition("modified", Op.GE, "2026-11-01T00:00:00Z"));
        assertThat(parse("date>2026-11-01T12:30").conditions()).containsExactly(
                new Condition("modified", Op.GT, "2026-11-01T12:30:00Z"));
    }

    @Test
    void localDaysFollowTheZone() {
        CatalogQuery q = CatalogQueryParser.parseWithSort("date:2026-11-01", ZoneId.of("America/Chicago")).query();
        assertThat(q.conditions().get(0)).isEqualTo(new Condition("modified", Op.GE, "2026-11-01T05:00:00Z"));
    }

    @Test
    void energyAndPixelSizeAcceptUnitsAndAreComparedInKeVAndMicrons() {
        assertThat(parse("energy > 8000eV energy<=12.4keV pixel_size<650nm pixel_size>=0.1um").conditions())
                .containsExactly(new Condition("energy", Op.GT, 8.0), new Condition("energy", Op.LE, 12.4),
                        new Condition("pixel_size", Op.LT, 0.65), new Condition("pixel_size", Op.GE, 0.1));
        assertThatThrownBy(() -> parse("energy > 20nm")).hasMessageContaining("'nm' is not an energy unit")
                .hasMessageContaining("energy > 20keV");
        assertThatThrownBy(() -> parse("angles > 20deg")).hasMessageContaining("'20deg' is not a number");
    }

    @Test
    void numericRangesAfterAColon() {
        assertThat(parse("energy:10..20").conditions()).containsExactly(new Condition("energy", Op.GE, 10.0),
                new Condition("energy", Op.LE, 20.0));
    }

    @Test
    void errorsShowTheBadPartAndAnExample() {
        assertThatThrownBy(() -> parse("tooth energy > warm"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'energy > warm'").hasMessageContaining("not a number")
                .hasMessageContaining("energy > 20");
        assertThatThrownBy(() -> parse("energy >")).hasMessageContaining("'energy >'").hasMessageContaining("no value");
        assertThatThrownBy(() -> parse("> 20")).hasMessageContaining("needs a field name");
        assertThatThrownBy(() -> parse("sample:\"tooth")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> parse("date:2026-13-45")).hasMessageContaining("'2026-13-45' is not a date")
                .hasMessageContaining("date:2026-11-01..2026-11-21");
        assertThatThrownBy(() -> parse("sample:")).hasMessageContaining("'sample:' has no value");
        assertThatThrownBy(() -> parse("energy:10..warm")).hasMessageContaining("numbers on both sides");
        assertThatThrownBy(() -> parse("energy >> 20")).hasMessageContaining("two comparisons");
    }

    @Test
    void parseIsTheRecordsEntryPoint() {
        assertThat(CatalogQuery.parse("tooth energy>20"))
                .isEqualTo(new CatalogQuery(List.of("tooth"), List.of(new Condition("energy", Op.GT, 20.0))));
    }
}
