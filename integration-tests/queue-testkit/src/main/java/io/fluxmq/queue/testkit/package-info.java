/**
 * What the unit tests of the queue types share: {@link io.fluxmq.queue.testkit.TestQueueContext},
 * the context the queue manager would give a queue; {@link io.fluxmq.queue.testkit.Recorder}, a
 * delivery handler that records; {@link io.fluxmq.queue.testkit.Stages}, waiting for a stage with
 * a bounded timeout. Used in test scope only.
 */
package io.fluxmq.queue.testkit;
