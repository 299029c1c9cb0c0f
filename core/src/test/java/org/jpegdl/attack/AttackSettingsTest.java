package org.jpegdl.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttackSettingsTest {

    private static List<String> names(int steps, int strongSteps, int restarts) {
        AttackSettings settings = new AttackSettings(
                List.of(2.0, 8.0), steps, strongSteps, restarts, true, 0, 32, false, 1, 0, steps, true, 20);
        return settings.attacks(true).stream().map(Attack::name).toList();
    }

    @Test
    void everyAttackHasItsOwnNameEvenWhenStrongPgdHasPgdsBudget() {
        // reports and plots key their series by name: the strong PGD with PGD's steps and one start must differ
        List<String> names = names(3, 3, 1);
        assertEquals(names.size(), new HashSet<>(names).size(), names.toString());
        assertEquals("PGD-3", names.get(1));
        assertEquals("PGD-3x1", names.get(2));
    }

    @Test
    void namesAreUnchangedWhereTheyNeverCollided() {
        assertEquals(
                List.of("FGSM", "PGD-10", "PGD-50x2", "BPDA-PGD-50x2"),
                names(10, 50, 2).subList(0, 4));
        assertEquals("PGD-50", names(10, 50, 1).get(2));
    }
}
