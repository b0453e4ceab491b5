namespace AiObsStream.Kafka.Tests.ScaleOut;

/// <summary>Runs <see cref="ScaleOutAcceptanceTests"/> with nothing else of this assembly at the same time.</summary>
[CollectionDefinition(ScaleOutAcceptanceTests.Serial, DisableParallelization = true)]
public sealed class ScaleOutRunsAlone;
