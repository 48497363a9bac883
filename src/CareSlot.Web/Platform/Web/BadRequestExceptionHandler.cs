using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// A request the framework could not bind (malformed or too deep JSON, a number out of range, a wrong type, a missing
/// body) is the client's mistake in every environment: a 400 problem that names the field, never the 500 that the
/// exception would otherwise become in Development.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails, IStringLocalizer<WebText> words) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // Pages answer with the error page (ErrorHandlingExtensions gives it the status).
        if (exception is not BadHttpRequestException badRequest || !ErrorHandlingExtensions.IsApi(httpContext)) return false;

        SiteLanguages.SpeakTheRequestsLanguage(httpContext);
        var (field, message) = Describe(badRequest);
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = badRequest.StatusCode,
            Title = badRequest.StatusCode == StatusCodes.Status400BadRequest ? "The request is not valid." : "The request could not be read.",
            Detail = message,
        };
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The field as the client wrote it and what is wrong, without echoing the value back (it may be a megabyte).</summary>
    private (string Field, string Message) Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = JsonField(json.Path);
            return (field, field == "body"
                ? words["The body is not valid JSON (or is nested too deeply)."]
                : words["'{0}' has a value of the wrong type or out of range, or the JSON around it is malformed.", field]);
        }
        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType) return ("body", words["Send the body as JSON (Content-Type: application/json)."]);
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge) return ("body", words["The body is too large."]);
        if (exception.Message.Contains("body", StringComparison.OrdinalIgnoreCase)) return ("body", words["A JSON body is required."]);
        if (ParameterName().Match(exception.Message) is { Success: true } parameter)
        {
            var name = parameter.Groups["name"].Value;
            return (name, words["'{0}' is missing or not of the expected type ({1}).", name, parameter.Groups["type"].Value]);
        }
        return ("", words["The request could not be read."]);
    }

    /// <summary>"$.intervals[2].start" → "intervals[2].start"; the root, or no path at all, is the body.</summary>
    private static string JsonField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    /// <summary>The framework's wording: Failed to bind parameter "int? appointmentTypeId" from "abc"; Required parameter "int id" was not provided.</summary>
    [GeneratedRegex("parameter \"(?<type>[^\"]*?) ?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
