using Microsoft.AspNetCore.Http.HttpResults;

namespace CareSlot.Web.Features;

/// <summary>
/// Why a use case refused: the HTTP status and words the API answers as problem details (<see cref="ToResult"/>)
/// and the pages show next to the form. <see cref="Errors"/> name the request's fields; extensions carry facts
/// such as a clinic's phone number or the appointments a schedule change would strand.
/// </summary>
public sealed record UseCaseProblem(int Status, string Title, string Detail)
{
    public IDictionary<string, string[]>? Errors { get; init; }
    public IDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();

    public static UseCaseProblem Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "The request is not valid.", message) { Errors = new Dictionary<string, string[]> { [field] = [message] } };

    public static UseCaseProblem Invalid(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "The request is not valid.", errors.Values.First()[0]) { Errors = errors };

    public static UseCaseProblem NotFound(string title, string detail) => new(StatusCodes.Status404NotFound, title, detail);

    /// <summary>The same refusal as RFC 9457 problem details, for the API.</summary>
    public ProblemHttpResult ToResult() => Errors is { } errors
        ? TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = Status, Title = Title, Detail = Detail })
        : TypedResults.Problem(Detail, statusCode: Status, title: Title, extensions: Extensions);
}

/// <summary>A use case's answer: the value, or why not.</summary>
public readonly record struct Outcome<T>(T? Value, UseCaseProblem? Problem)
{
    public static implicit operator Outcome<T>(UseCaseProblem problem) => new(default, problem);
}
