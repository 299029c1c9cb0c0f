package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jpegdl.data.DataKind;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.recipe.Recipe;
import org.junit.jupiter.api.Test;

/** A run's header says on which epochs the schedule's milestones (fractions of the run) fall, and the rates. */
class ScheduleWordsTest {

    @Test
    void milestonesAreShownOnTheEpochsTheyFallOn() {
        // the CIFAR milestones at 62.5%, 75% and 87.5%: with 4 epochs two fall on epoch 4 (a 100× drop there), the
        // third past the run
        Recipe four = Recipe.cifar().withEpochs(4).resolve(ModelZoo.spec("resnet20"), DataKind.IN_MEMORY);
        assertEquals(
                "learning-rate milestones (×0.1 each) at 0.625, 0.75, 0.875 of 4 epochs: epoch 4, epoch 4, past "
                        + "the end; model lr 0.05 in epochs 1–3, 0.0005 in epoch 4",
                RunTraining.schedule(four));
        Recipe eight = Recipe.cifar().withEpochs(8).resolve(ModelZoo.spec("resnet20"), DataKind.IN_MEMORY);
        assertEquals(
                "learning-rate milestones (×0.1 each) at 0.625, 0.75, 0.875 of 8 epochs: epoch 6, epoch 7, epoch "
                        + "8; model lr 0.05 in epochs 1–5, 0.005 in epoch 6, 0.0005 in epoch 7, 0.00005 in epoch 8",
                RunTraining.schedule(eight));
    }
}
