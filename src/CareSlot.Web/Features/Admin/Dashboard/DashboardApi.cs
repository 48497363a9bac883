using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CareSlot.Web.Features.Admin.Dashboard;

/// <summary>The dashboard's figures as JSON, the same as /admin/dashboard shows.</summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder routes)
    {
        var dashboard = routes.MapGroup("/api/v1/admin/dashboard").WithTags("Administration")
            .RequireAuthorization(AccountPolicies.AdminWithSecondFactor);
        dashboard.MapGet("", ReadAsync)
            .WithSummary("The last 30 days per day (bookings, cancellations, reschedules, no-shows, messages sent and failed) in the reporting "
                + "zone, utilisation by clinic, doctor (top 10) and specialty, open disputes, and this instance's health. At most 30 s old.");
        return routes;
    }

    private static async Task<Ok<DashboardFigures>> ReadAsync(DashboardQuery query, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Ok(await query.ReadAsync(ct));
    }
}
