/**
 * Data sets and the input pipeline. Small sets are read into memory: {@link org.jpegdl.data.Idx},
 * {@link org.jpegdl.data.CifarBinary} and {@link org.jpegdl.data.Synthetic} give an
 * {@link org.jpegdl.data.ImageDataset} of uint8 N×C×H×W images, transformed by {@link org.jpegdl.data.Augment}.
 * Photo sets stay on disk: {@link org.jpegdl.data.Cub200}, {@link org.jpegdl.data.StanfordDogs},
 * {@link org.jpegdl.data.Flowers102}, {@link org.jpegdl.data.OxfordPets}, {@link org.jpegdl.data.ImageNet} and
 * {@link org.jpegdl.data.ImageFolder} read their official layouts into an {@link org.jpegdl.data.ImageList} of files,
 * which {@link org.jpegdl.data.ImageDecoder} decodes (optionally through an {@link org.jpegdl.data.ImageCache}) and
 * {@link org.jpegdl.data.PhotoTransform} crops and resizes while training. Both kinds are
 * {@link org.jpegdl.data.LabelledImages}; {@link org.jpegdl.data.DatasetZoo} finds them by name and
 * {@link org.jpegdl.data.Batches} turns either into DJL batches of float32 values in [0,255]. Unusable images are a
 * {@link org.jpegdl.data.DatasetException} naming the file, or, with skip-bad, {@link org.jpegdl.data.SkippedImage}s.
 */
package org.jpegdl.data;
