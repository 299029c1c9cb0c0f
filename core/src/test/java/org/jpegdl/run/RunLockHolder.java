package org.jpegdl.run;

/** A process that owns a folder until it is killed: the other process of {@link RunLockTest}. */
public final class RunLockHolder {

    private RunLockHolder() {}

    /** Locks the folder {@code args[0]}, prints "locked", then waits to be killed. */
    public static void main(String[] args) throws Exception {
        RunLock.acquire(java.nio.file.Path.of(args[0]), "train", null);
        System.out.print("locked");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
