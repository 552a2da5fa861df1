using Analytics.Hosting;
using Microsoft.Extensions.Configuration;

namespace Analytics.Hosting.Tests;

/// <summary>Where the silo trains the forecasting model, and for how long at most, as an operator sets it.</summary>
public sealed class TrainingSettingsTests
{
    private static TrainingSettings From(params (string Key, string Value)[] settings) =>
        TrainingSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Training_runs_in_a_process_of_its_own_for_at_most_thirty_minutes_unless_configured()
    {
        Assert.Equal(new TrainingSettings { Place = TrainingPlace.Process, Timeout = TimeSpan.FromMinutes(30) }, From());
        Assert.Equal(TrainingPlace.Inline, From(("ANALYTICS_TRAINING", "Inline"), ("Analytics:Training", "process")).Place);
        Assert.Equal(TrainingPlace.Inline, From(("Analytics:Training", "inline")).Place);
        Assert.Equal(TimeSpan.FromMinutes(2.5), From(("ANALYTICS_TRAINING_TIMEOUT_MINUTES", "2.5")).Timeout);
    }

    [Theory]
    [InlineData("ANALYTICS_TRAINING", "thread")]
    [InlineData("ANALYTICS_TRAINING_TIMEOUT_MINUTES", "0")]
    [InlineData("ANALYTICS_TRAINING_TIMEOUT_MINUTES", "soon")]
    public void A_setting_it_cannot_honour_is_refused_by_name(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => From((key, value)));
        Assert.StartsWith(key + " ", error.Message);
        Assert.Contains($"'{value}'", error.Message);
    }
}
