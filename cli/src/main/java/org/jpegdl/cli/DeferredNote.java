package org.jpegdl.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * A stream that writes a note line just before the first thing written to it: a note about a run's settings that
 * should appear only once the run has started printing, so that an error that stops it first stands alone.
 */
final class DeferredNote extends FilterOutputStream {

    private byte[] note;

    private DeferredNote(OutputStream out, String note) {
        super(out);
        this.note = (note + System.lineSeparator()).getBytes(Charset.defaultCharset());
    }

    /** {@code out}, with {@code note} as a line of its own before the first output. */
    static PrintStream before(PrintStream out, String note) {
        return new PrintStream(new DeferredNote(out, note), true, Charset.defaultCharset());
    }

    @Override
    public void write(int b) throws IOException {
        flushNote();
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        flushNote();
        out.write(b, off, len);
    }

    private void flushNote() throws IOException {
        if (note != null) {
            byte[] n = note;
            note = null;
            out.write(n);
        }
    }
}
