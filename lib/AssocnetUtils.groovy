// Helpers shared by the assocnet modules (Nextflow puts lib/ on the classpath of every script).
class AssocnetUtils {
    /**
     * Environment for bin/assocnet inside a task: Java heap about half of task.memory, DL4J off-heap
     * about a third (the rest is JVM overhead), so the task stays inside what the scheduler granted.
     */
    static String jvmEnv(task) {
        if (!task.memory) return ''
        long mb = task.memory.toMega()
        long heap = Math.max(256L, (long) (mb / 2))
        long off = Math.max(256L, (long) (mb / 3))
        return "export ASSOCNET_HEAP=${heap}m ASSOCNET_OFFHEAP=${off}m"
    }

    /** The PREFIX that `assocnet ... --cohort PREFIX` takes, from the staged PREFIX.cohort.bin. */
    static String cohortPrefix(cohort) {
        return cohort.name.replaceAll(/\.cohort\.bin$/, '')
    }
}
