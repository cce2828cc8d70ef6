-- The gateway node sending each SSDA903 batch (org.bridgeway.store.NodeId, node-<pid>-<random>): only it records the
-- batch's progress and beats its heartbeat (updated_at), and another node takes the batch over only once that
-- heartbeat has stopped, by a conditional update naming the owner it read. A node name, never content; null for
-- batches opened before V53 (taken over as any interrupted batch is).
ALTER TABLE ssda903_batch ADD COLUMN owner VARCHAR(64);
