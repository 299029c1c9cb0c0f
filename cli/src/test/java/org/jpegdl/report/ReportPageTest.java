package org.jpegdl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The navigation lists the sections a page has, in page order, from the one list of sections. */
class ReportPageTest {

    @Test
    void theNavigationHoldsTheSectionsThePageHasInPageOrder() {
        ReportPage page = new ReportPage();
        assertEquals(List.of(), page.sections());
        page.config = new ConfigSection(List.of("a"), List.of(), false);
        page.results = new ResultsSection(List.of(), "a (0 epoch(s) recorded)");
        page.gradcam = new FiguresSection(List.of(new Figure("data:image/png;base64,", "a")), null);
        assertEquals(
                List.of("results", "gradcam", "config"),
                page.sections().stream().map(ReportPage.Section::id).toList());
        assertEquals(
                List.of("results", "GradCAM++", "configuration"),
                page.sections().stream().map(ReportPage.Section::name).toList());
    }

    @Test
    void everySectionHasItsOwnId() {
        List<String> ids =
                ReportPage.SECTIONS.stream().map(ReportPage.Section::id).toList();
        assertEquals(ids.size(), ids.stream().distinct().count(), ids.toString());
        assertEquals(16, ids.size());
    }
}
