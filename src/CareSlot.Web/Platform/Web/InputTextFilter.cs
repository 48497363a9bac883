using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// Refuses hostile text in every API argument before the endpoint runs: query and route values, headers bound to
/// parameters, and each string inside a JSON body, however deep. The answer is a 400 that names the field the way
/// the client wrote it (<c>reason</c>, <c>intervals[2].start</c>), on both databases alike.
/// </summary>
public static class InputTextFilter
{
    /// <summary>Put on the group every API is mapped under, so an endpoint added later is covered without asking.</summary>
    public static TBuilder RefuseHostileText<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Create);

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices.GetService<IServiceProviderIsService>();
        var inspections = new List<(int Index, string Name, TextInspector.Inspect Inspect)>();
        var parameters = context.MethodInfo.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (services?.IsService(parameter.ParameterType) == true || parameter.IsDefined(typeof(FromServicesAttribute))) continue;
            if (TextInspector.For(parameter.ParameterType, InputText.IsMultiline(parameter)) is { } inspect)
            {
                // A JSON body's fields are named from its root ("reason", not "request.reason"); anything else by its binding name.
                var isBody = parameter.ParameterType != typeof(string) && !TextInspector.IsList(parameter.ParameterType);
                inspections.Add((i, isBody ? "" : BindingName(parameter), inspect));
            }
        }
        if (inspections.Count == 0) return next;

        return invocation =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var words = invocation.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<WebText>>();
            foreach (var (index, name, inspect) in inspections) inspect(invocation.Arguments[index], name, errors, words);
            return errors.Count == 0
                ? next(invocation)
                : ValueTask.FromResult<object?>(TypedResults.ValidationProblem(errors, title: "The request is not valid.",
                    detail: words["Some text contains characters that are not allowed."]));
        };
    }

    private static string BindingName(ParameterInfo parameter) =>
        parameter.GetCustomAttribute<FromQueryAttribute>()?.Name
        ?? parameter.GetCustomAttribute<FromRouteAttribute>()?.Name
        ?? parameter.GetCustomAttribute<FromHeaderAttribute>()?.Name
        ?? parameter.Name!;
}
