// The interop agent for KMSPolicy is being written; this placeholder only keeps the target buildable.
print("{\"ok\": false, \"error\": \"not implemented yet\"}")
