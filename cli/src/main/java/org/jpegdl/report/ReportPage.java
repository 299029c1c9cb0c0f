package org.jpegdl.report;

import java.util.List;
import java.util.function.Function;

/**
 * What {@code report.mustache} renders: the page's heading and each section the runs have data for (null: the page
 * leaves it out), set by name as {@link RunReport} builds them. {@link #SECTIONS} is the one list of the sections in
 * page order; the navigation is made from it.
 */
final class ReportPage {

    /**
     * One entry of the navigation.
     *
     * @param id the section's id, its anchor on the page
     * @param name its title in the navigation
     * @param section the section on a page, null when the page has none
     */
    record Section(String id, String name, Function<ReportPage, Object> section) {}

    /** Every section in page order. */
    static final List<Section> SECTIONS = List.of(
            new Section("compare", "comparison", p -> p.compare),
            new Section("results", "results", p -> p.results),
            new Section("curves", "curves", p -> p.curves),
            new Section("tables", "tables", p -> p.tables),
            new Section("regions", "tables per region", p -> p.regions),
            new Section("alpha", "alpha", p -> p.alpha),
            new Section("saturation", "saturation", p -> p.saturation),
            new Section("travel", "table travel", p -> p.travel),
            new Section("magnitudes", "magnitudes", p -> p.magnitudes),
            new Section("sensitivity", "sensitivity", p -> p.sensitivity),
            new Section("robustness", "robustness", p -> p.robustness),
            new Section("gradcam", "GradCAM++", p -> p.gradcam),
            new Section("rate", "JPEG files", p -> p.rate),
            new Section("adaptive", "adaptive tables", p -> p.adaptive),
            new Section("examples", "examples", p -> p.examples),
            new Section("config", "configuration", p -> p.config));

    String title;
    String lead;
    String source;
    String writtenBy;
    /** Whether the page draws region mosaics (their style is then included). */
    boolean mosaicStyle;

    CompareSection compare;
    ResultsSection results;
    CurvesSection curves;
    HeatSection tables;
    HeatSection regions;
    HeatSection alpha;
    HeatSection saturation;
    TravelSection.Shown travel;
    HeatSection magnitudes;
    HeatSection sensitivity;
    RobustnessSection robustness;
    FiguresSection gradcam;
    RateSection rate;
    AdaptiveSection adaptive;
    FiguresSection examples;
    ConfigSection config;

    /** The navigation: the sections this page has, in page order. */
    List<Section> sections() {
        return SECTIONS.stream().filter(s -> s.section().apply(this) != null).toList();
    }
}
