using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Analytics.Hosting;

/// <summary>Where the forecasting model trains.</summary>
public enum TrainingPlace
{
    /// <summary>In a child process of the silo, which hands the model back: the training's garbage never pauses the silo.</summary>
    Process,
    /// <summary>On a thread of the silo itself.</summary>
    Inline,
}

/// <summary>How the silo trains the forecasting model (ANALYTICS_TRAINING, ANALYTICS_TRAINING_TIMEOUT_MINUTES).</summary>
public sealed record TrainingSettings
{
    public TrainingPlace Place { get; init; } = TrainingPlace.Process;

    /// <summary>A training process still running after this long is killed and that training fails (the previous model stays).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    public static TrainingSettings From(IConfiguration config)
    {
        var section = config.GetSection("Analytics");
        var defaults = new TrainingSettings();
        string? Read(string env, string key) => config[env] is { Length: > 0 } v ? v : section[key];
        var placeText = Read("ANALYTICS_TRAINING", "Training");
        var place = placeText?.ToLowerInvariant() switch
        {
            null => defaults.Place,
            "process" => TrainingPlace.Process,
            "inline" => TrainingPlace.Inline,
            _ => throw new InvalidOperationException($"ANALYTICS_TRAINING (Analytics:Training) must be 'process' or 'inline', not '{placeText}'."),
        };
        var timeout = defaults.Timeout;
        if (Read("ANALYTICS_TRAINING_TIMEOUT_MINUTES", "TrainingTimeoutMinutes") is { } minutesText)
            timeout = double.TryParse(minutesText, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes > 0 && minutes <= 24 * 60
                ? TimeSpan.FromMinutes(minutes)
                : throw new InvalidOperationException(
                    $"ANALYTICS_TRAINING_TIMEOUT_MINUTES (Analytics:TrainingTimeoutMinutes) must be a number of minutes above 0 and at most {24 * 60}, not '{minutesText}'.");
        return new TrainingSettings { Place = place, Timeout = timeout };
    }
}
