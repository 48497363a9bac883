using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Accounts;

public static class AccessLogApi
{
    public static IEndpointRouteBuilder MapAccessLogApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/account/access-log", GetAccessLogAsync)
            .RequireAuthorization(AccountPolicies.Patient)
            .WithTags("Accounts")
            .WithSummary("Who read or wrote the signed-in patient's health information, and when: 20 per page, newest first "
                + "(page=1, 2, …); doctors by name, administrators as emergency access.");
        return routes;
    }

    private static async Task<Results<Ok<AccessLogPage>, ValidationProblem, UnauthorizedHttpResult>> GetAccessLogAsync(string? page, HttpContext http,
        UserManager<Account> users, AccessLog accessLog, IStringLocalizer<AccountsText> text, CancellationToken ct)
    {
        if (!Guid.TryParse(users.GetUserId(http.User), out var me)) return TypedResults.Unauthorized();
        if (!AccessLog.TryParsePage(page, out var number))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["page"] = [accessLog.InvalidPage] },
                title: text["The page number is not valid."]);
        }
        return TypedResults.Ok(await accessLog.ListAsync(me, number, ct));
    }
}
