namespace AiObsStream.LogAnalytics.Internal;

/// <summary>How one POST (after its retries) ended.</summary>
internal enum DeliveryStatus
{
    /// <summary>204: the service accepted the batch.</summary>
    Delivered,

    /// <summary>413: the body is over the service limit; split and resend.</summary>
    TooLarge,

    /// <summary>401/403: credential or role problem; keep the rows and probe later.</summary>
    AuthFailed,

    /// <summary>404: unknown DCR or stream (configuration); keep the rows and probe later.</summary>
    NotFound,

    /// <summary>Another 4xx (malformed rows, schema mismatch): retrying cannot help; the batch is set aside.</summary>
    Rejected,

    /// <summary>408/429/5xx/timeout/network error still failing after the retries; keep the rows and probe later.</summary>
    Transient,
}
