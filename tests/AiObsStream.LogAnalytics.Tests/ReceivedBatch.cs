namespace AiObsStream.LogAnalytics.Tests;

/// <summary>A batch the test server accepted.</summary>
internal sealed record ReceivedBatch(string Stream, string RequestId, string ContentEncoding, int GzipBytes, int JsonBytes, List<string> Ids);
