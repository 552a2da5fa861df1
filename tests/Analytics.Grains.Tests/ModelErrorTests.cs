using Analytics.Forecasting;

namespace Analytics.Grains.Tests;

/// <summary>GET /api/models/current's lastError: what failed, in a line, never the stack frames of the exception.</summary>
public sealed class ModelErrorTests
{
    [Fact]
    public void A_wrapped_storage_failure_is_told_by_its_first_lines_without_frames()
    {
        Exception thrown;
        try
        {
            try { throw new InvalidDataException("database disk image is malformed\n   at Sqlite.Step()\n   at Orleans.Read()"); }
            catch (Exception inner) { throw new InvalidOperationException("Error from storage provider reading grain state\nExc level 0: ...\n   at X.Y()", inner); }
        }
        catch (Exception ex) { thrown = ex; }

        var text = ForecastModelGrain.Briefly(thrown);

        Assert.Equal("Error from storage provider reading grain state (database disk image is malformed)", text);
        Assert.DoesNotContain(" at ", text);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public void A_long_message_is_cut_to_300_characters()
    {
        Assert.Equal(300, ForecastModelGrain.Briefly(new InvalidOperationException(new string('x', 5_000))).Length);
    }
}
