using System.Diagnostics;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// The one id of a request that a user can quote: on the error page, as the API's problem <c>traceId</c>, on the audit trail,
/// and on the administrators' problems page, so whatever the user read finds the entry.
/// </summary>
public static class CorrelationId
{
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Activity.Current?.Id ?? context.TraceIdentifier;
    }
}
