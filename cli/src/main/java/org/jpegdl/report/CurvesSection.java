package org.jpegdl.report;

import java.util.List;

/**
 * The training curves of every run on shared axes.
 *
 * @param image the figure as a data URI
 * @param caption what it shows, the learning rates in words included
 * @param rateLines the learning rates, one line per schedule, in the legend's order
 */
record CurvesSection(String image, String caption, List<String> rateLines) {}
