/**
 * Data sets and the input pipeline: readers ({@link org.jpegdl.data.Idx}, {@link org.jpegdl.data.CifarBinary},
 * {@link org.jpegdl.data.Synthetic}) give an in-memory {@link org.jpegdl.data.ImageDataset} of uint8 N×C×H×W images;
 * {@link org.jpegdl.data.DatasetZoo} finds them by name; {@link org.jpegdl.data.Augment} and
 * {@link org.jpegdl.data.Batches} turn them into DJL batches of float32 values in [0,255].
 */
package org.jpegdl.data;
