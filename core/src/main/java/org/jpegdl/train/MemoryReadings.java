package org.jpegdl.train;

/**
 * After each epoch, reads the process's memory once the epoch's garbage is collected and freed tensor memory handed
 * back ({@link ProcessMemory#settle()}), so that the reading shows what is in use rather than how far the
 * allocators' caches have grown.
 */
public final class MemoryReadings implements TrainingListener {

    @Override
    public void onEpochEnd(TrainingState state) {
        ProcessMemory.settle();
        state.recordMemory(
                new TrainingState.MemoryReading(ProcessMemory.residentMb(), ProcessMemory.nativeHeapInUseMb()));
    }
}
