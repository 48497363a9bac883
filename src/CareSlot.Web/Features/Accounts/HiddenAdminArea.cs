using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Whoever is not an administrator gets 404 from every admin page and endpoint, signed in or not: a refusal or a
/// sign-in prompt would confirm that the address exists and what it is for. An administrator whose session lacks the
/// second factor is still told why (access denied), since for them the area is no secret. The support area is hidden
/// the same way from everyone but support agents and administrators.
/// </summary>
public sealed class HiddenAdminArea : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || context.User.IsInRole(Roles.Admin) || Area(context) is not { } area
            || (area == AccountPolicies.SupportAgent && context.User.IsInRole(Roles.Support)))
        {
            return standard.HandleAsync(next, context, policy, authorizeResult);
        }
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    /// <summary>The hidden area's policy the endpoint is under; null for the rest of the site.</summary>
    private static string? Area(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(data => data.Policy).FirstOrDefault(policy => policy is AccountPolicies.AdminWithSecondFactor or AccountPolicies.SupportAgent);
}
