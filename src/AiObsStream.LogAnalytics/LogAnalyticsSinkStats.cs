namespace AiObsStream.LogAnalytics;

/// <summary>Counters of a <see cref="LogAnalyticsSink"/> (a snapshot; rows = metric rows and alert events together).</summary>
/// <param name="RowsAccepted">Rows handed to the sink.</param>
/// <param name="RowsDelivered">Rows acknowledged by the service (204).</param>
/// <param name="BatchesDelivered">Requests acknowledged.</param>
/// <param name="GzipBytesSent">Compressed bytes of acknowledged requests.</param>
/// <param name="Requests">HTTP attempts, retries included.</param>
/// <param name="Retries">Attempts repeated after 408/429/5xx/timeouts.</param>
/// <param name="Splits">Batches halved after a 413.</param>
/// <param name="SpooledBatches">Batches on disk now.</param>
/// <param name="SpooledBytes">Bytes on disk now.</param>
/// <param name="SpoolDroppedRows">Rows deleted from the spool (oldest first) to keep it within its limit.</param>
/// <param name="RejectedRows">Rows the service refused permanently (400, or one row over 1 MB), kept under spool/rejected.</param>
/// <param name="LastError">Last failure reported, or null.</param>
public readonly record struct LogAnalyticsSinkStats(
    long RowsAccepted,
    long RowsDelivered,
    long BatchesDelivered,
    long GzipBytesSent,
    long Requests,
    long Retries,
    long Splits,
    int SpooledBatches,
    long SpooledBytes,
    long SpoolDroppedRows,
    long RejectedRows,
    string? LastError);
