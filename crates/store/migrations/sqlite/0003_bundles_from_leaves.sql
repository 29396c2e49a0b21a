-- Entry bundles are read from the leaves themselves (`log_leaves.entry`, in index order)
-- instead of being written a second time by every integration: the copy doubled what an
-- integration writes and what the log keeps, and a partial bundle was kept at every width a
-- tree head had. What it held is exactly the leaves' entries, which stay.
DROP TABLE log_bundles;
