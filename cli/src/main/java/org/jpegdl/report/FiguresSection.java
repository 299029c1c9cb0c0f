package org.jpegdl.report;

import java.util.List;

/**
 * A section of figures (GradCAM++ maps, example images).
 *
 * @param figures the figures
 * @param description what they show, or null
 */
record FiguresSection(List<Figure> figures, String description) {}
