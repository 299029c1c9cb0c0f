/**
 * jpegdl in DJL's own terms: a trained run directory as a DJL model ({@link org.jpegdl.djl.RunBlockFactory},
 * {@link org.jpegdl.djl.RunTranslatorFactory}, {@link org.jpegdl.djl.RunModels}, and the model zoo
 * {@link org.jpegdl.djl.JpegdlModelZoo} that DJL's service loader finds), the data pipeline as a DJL
 * {@link ai.djl.training.dataset.RandomAccessDataset} ({@link org.jpegdl.djl.JpegDlDataset}) and the recipe's two
 * optimiser groups as one DJL {@link ai.djl.training.optimizer.Optimizer} ({@link org.jpegdl.djl.RoutingOptimizer}),
 * so DJL's Predictor, Trainer, EasyTrain and DJL Serving work on jpegdl runs. Sits above {@code experiment} (it
 * rebuilds runs with {@code RunAssembly} and {@code FinishedRuns}) and below the analyses and the command line.
 */
package org.jpegdl.djl;
