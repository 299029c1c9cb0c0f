package org.jpegdl.run;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** State that a checkpoint saves beside the model's parameters, such as an optimiser's momentum buffers. */
public interface SavedState {

    /** Writes the state to {@code out}. */
    void save(DataOutputStream out) throws IOException;

    /** Restores state written by {@link #save}. */
    void load(DataInputStream in) throws IOException;
}
