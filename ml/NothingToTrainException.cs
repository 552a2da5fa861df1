namespace Analytics.Ml;

/// <summary>
/// There is not yet enough data to train on (an empty cluster, or series too short): an expected state of a new
/// cluster, not a failure. The model grain says so in one line and trains again when data arrives.
/// </summary>
public sealed class NothingToTrainException(string message) : ArgumentException(message);
