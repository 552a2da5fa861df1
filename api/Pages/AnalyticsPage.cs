using Analytics.Api.Pages.Data;
using Microsoft.AspNetCore.Components;

namespace Analytics.Api.Pages;

/// <summary>Why this request found nothing, for the not-found page (one per request).</summary>
public sealed class PageRefusal
{
    public string? Message { get; set; }
}

/// <summary>What every page shares: the reader, and a question the query layer refused shown with the API's status and words.</summary>
public abstract class AnalyticsPage : ComponentBase
{
    [CascadingParameter] public HttpContext? HttpContext { get; set; }

    [Inject] public PageViews Views { get; set; } = null!;

    [Inject] public NavigationManager Navigation { get; set; } = null!;

    [Inject] public PageRefusal Refused { get; set; } = null!;

    protected Reader R => _reader ??= Reader.From(HttpContext!);
    private Reader? _reader;

    /// <summary>Why the page has nothing to show (an unknown indicator, a bad year); null when all is well.</summary>
    protected string? Refusal { get; private set; }

    /// <summary>The cluster did not answer (503), as opposed to a question it refused.</summary>
    protected bool Unavailable { get; private set; }

    /// <summary>The heading of a refusal: the page's own words for a refused question, or "no answer yet".</summary>
    protected string RefusalTitle(string refused) => Unavailable ? R.T("Chưa có câu trả lời", "No answer yet") : refused;

    protected async Task<T?> Ask<T>(Func<Task<T>> question) where T : class
    {
        try
        {
            return await question();
        }
        catch (Exception ex) when (ex is not PageQueryException && ClusterUnavailableHandler.IsUnavailable(ex) && !HttpContext!.RequestAborted.IsCancellationRequested)
        {
            // As the API answers 503 with Retry-After: the page says so in words, and a reload is safe.
            Refusal = R.T("Cụm máy chủ chưa trả lời (có thể đang khởi động, huấn luyện mô hình dự báo hoặc chuyển đổi dự phòng). Hãy tải lại trang sau ít giây.",
                "The cluster did not answer (it may be starting, training the forecasting model or failing over). Reload the page in a few seconds.");
            Unavailable = true;
            HttpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            HttpContext.Response.Headers.RetryAfter = "5";
            return null;
        }
        catch (PageQueryException ex)
        {
            Refusal = ex.Message;
            if (ex.Status == StatusCodes.Status404NotFound)
            {
                // Blazor renders a 404 through the router's not-found page; it shows this explanation.
                Refused.Message = ex.Message;
                Navigation.NotFound();
            }
            else
            {
                // Static rendering: nothing is written yet, so the status can still follow the API's.
                HttpContext!.Response.StatusCode = ex.Status;
            }
            return null;
        }
    }
}
