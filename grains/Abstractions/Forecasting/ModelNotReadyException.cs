namespace Analytics.Forecasting;

/// <summary>No model can answer yet (the first training failed or has not finished); the API answers 503.</summary>
[GenerateSerializer]
public sealed class ModelNotReadyException(string message) : Exception(message);
