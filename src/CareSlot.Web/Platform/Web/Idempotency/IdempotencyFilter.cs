using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Platform.Web.Idempotency;

/// <summary>
/// Runs a request with an <c>Idempotency-Key</c> at most once per account and key. The key's record is added to the
/// request's change tracker before the handler runs, so the use case's own save inserts it in the transaction of the
/// change it guards: the record exists if and only if the change committed, whatever happens to the process afterwards.
/// </summary>
internal sealed class IdempotencyFilter<TResource>(Func<TResource, string> resourceIdOf, RebuildAnswer rebuild) : IEndpointFilter
    where TResource : class
{
    private const string ProtectionPurpose = "CareSlot.Idempotency.Answer.v1";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(IdempotencyKeys.Header, out var values)) return await next(context);
        if (values.Count != 1 || !IdempotencyKeys.IsValidKey(values[0])) return InvalidKey(http);
        var key = values[0]!;
        var accountId = Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("An endpoint with an idempotency key must require a signed-in account.");
        var hash = Fingerprint(context);
        var inFlight = http.RequestServices.GetRequiredService<KeysInFlight>();
        if (!inFlight.TryStart(accountId, key, hash, out var runningHash)) return runningHash == hash ? StillRunning(http) : Mismatch(http);
        try
        {
            return await RunOnceAsync(context, next, accountId, key, hash);
        }
        finally
        {
            inFlight.Finish(accountId, key);
        }
    }

    private async Task<object?> RunOnceAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, Guid accountId, string key, string hash)
    {
        var http = context.HttpContext;
        var ct = http.RequestAborted;
        var db = http.RequestServices.GetRequiredService<CareSlotDb>();
        var now = http.RequestServices.GetRequiredService<IClock>().GetCurrentInstant();

        if (await FindAsync(db, accountId, key, ct) is { } earlier)
        {
            if (earlier.ExpiresAt > now) return await AnswerAgainAsync(http, db, earlier, hash);
            await db.IdempotencyKeys.Where(r => r.AccountId == accountId && r.Key == key && r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        }

        var record = new IdempotencyRecord(accountId, key, hash, now);
        var entry = db.IdempotencyKeys.Add(record);
        // Each save of the use case may be the one that carries the record; the resource it touches is what a rebuilt answer shows.
        void TakeResourceId(object? sender, SavingChangesEventArgs e)
        {
            if (record.ResourceId is null && ResourceIdOf(db) is { } resourceId) record.ResourceId = resourceId;
        }
        db.SavingChanges += TakeResourceId;
        object? result;
        try
        {
            result = await next(context);
        }
        catch (DbUpdateException) when (entry.State is not EntityState.Unchanged)
        {
            // The record's primary key: another request with this key (on another instance) committed while this one ran.
            if (await FindAsync(db, accountId, key, ct) is not { } winner || winner.ExpiresAt <= now) throw;
            return await AnswerAgainAsync(http, db, winner, hash);
        }
        finally
        {
            db.SavingChanges -= TakeResourceId;
            if (entry.State == EntityState.Added) entry.State = EntityState.Detached;
        }

        // Saved means committed for a use case that answers 2xx only after its commit; the store below checks the row anyway.
        var saved = entry.State == EntityState.Unchanged;
        if (result is IResult answer && IsSuccess(answer))
        {
            // Nothing was saved under the key, so there is no change a retry could repeat.
            if (!saved) return result;
            var captured = await CapturedAnswer.FromAsync(answer, http);
            await StoreAsync(http, db, record, captured);
            return captured;
        }
        // A refusal changed nothing and is not kept: the key stays free. It may, though, be the echo of a request with the same
        // key that committed meanwhile on another instance (the patient is now busy at that time); its answer is the true one.
        if (!saved && await FindAsync(db, accountId, key, ct) is { } other && other.ExpiresAt > now)
        {
            return await AnswerAgainAsync(http, db, other, hash);
        }
        return result;
    }

    /// <summary>The answer for a retry of a committed request: the stored one, or one rebuilt from the resource when the process died before storing it.</summary>
    private async Task<IResult> AnswerAgainAsync(HttpContext http, CareSlotDb db, IdempotencyRecord record, string hash)
    {
        if (record.RequestHash != hash) return Mismatch(http);
        if (record.StatusCode is { } status)
        {
            var body = Protector(http).Unprotect(record.ProtectedBody!);
            return new CapturedAnswer(status, record.ContentType, record.Location, body, Replayed: true);
        }
        var resourceId = record.ResourceId
            ?? throw new InvalidOperationException($"The request under this key saved no {typeof(TResource).Name}, so its answer cannot be rebuilt.");
        var rebuilt = await rebuild(http, resourceId, http.RequestAborted);
        if (!IsSuccess(rebuilt)) return rebuilt;
        var captured = await CapturedAnswer.FromAsync(rebuilt, http);
        await StoreAsync(http, db, record, captured);
        return captured with { Replayed = true };
    }

    private static Task<IdempotencyRecord?> FindAsync(CareSlotDb db, Guid accountId, string key, CancellationToken ct) =>
        db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(r => r.AccountId == accountId && r.Key == key, ct);

    /// <summary>
    /// After the commit, so one round trip more than the change itself; not cancelled with the request, since a client that
    /// has gone is the one most likely to retry.
    /// </summary>
    private static async Task StoreAsync(HttpContext http, CareSlotDb db, IdempotencyRecord record, CapturedAnswer answer)
    {
        var body = Protector(http).Protect(answer.Body);
        await db.IdempotencyKeys.Where(r => r.AccountId == record.AccountId && r.Key == record.Key && r.StatusCode == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.StatusCode, answer.StatusCode)
                .SetProperty(r => r.ContentType, answer.ContentType)
                .SetProperty(r => r.Location, answer.Location)
                .SetProperty(r => r.ProtectedBody, body), CancellationToken.None);
    }

    private string? ResourceIdOf(CareSlotDb db)
    {
        EntityEntry<TResource>? modified = null;
        foreach (var entry in db.ChangeTracker.Entries<TResource>())
        {
            if (entry.State == EntityState.Added) return resourceIdOf(entry.Entity);
            if (entry.State == EntityState.Modified) modified ??= entry;
        }
        return modified is null ? null : resourceIdOf(modified.Entity);
    }

    /// <summary>
    /// The method, path, query and the body as bound (re-serialized), so two encodings of the same request are one request
    /// and anything the handler could act on differently is another.
    /// </summary>
    private static string Fingerprint(EndpointFilterInvocationContext context)
    {
        var http = context.HttpContext;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}\n"));
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } bodyType
            && context.Arguments.FirstOrDefault(bodyType.IsInstanceOfType) is { } body)
        {
            var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            sha.AppendData(JsonSerializer.SerializeToUtf8Bytes(body, bodyType, json));
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>Handlers answer a typed union (<c>Results&lt;…&gt;</c>), whose status is its inner result's.</summary>
    private static bool IsSuccess(IResult result) =>
        (result is INestedHttpResult nested ? nested.Result : result) is IStatusCodeHttpResult { StatusCode: >= 200 and <= 299 };

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(ProtectionPurpose);

    private static IStringLocalizer<WebText> Words(HttpContext http) => http.RequestServices.GetRequiredService<IStringLocalizer<WebText>>();

    private static ValidationProblem InvalidKey(HttpContext http) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [IdempotencyKeys.Header] = [Words(http)["Use 1 to 255 printable ASCII characters, once."]] },
        Words(http)["The Idempotency-Key header must be 1 to 255 printable ASCII characters, sent once."], title: "The request is not valid.");

    private static ProblemHttpResult Mismatch(HttpContext http) => TypedResults.Problem(
        Words(http)["Within 24 hours an Idempotency-Key stands for one request: the same method, address and body. Use a new key for a new request."],
        statusCode: StatusCodes.Status422UnprocessableEntity, title: "This Idempotency-Key was used for a different request.");

    private static ProblemHttpResult StillRunning(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(Words(http)["The first request with this Idempotency-Key has not finished. Retry in a moment to get its answer."],
            statusCode: StatusCodes.Status409Conflict, title: "This request is still in progress.");
    }
}

/// <summary>An answer as bytes, so it can be kept and sent again exactly: status, type, Location and body.</summary>
internal sealed record CapturedAnswer(int StatusCode, string? ContentType, string? Location, byte[] Body, bool Replayed) : IResult, IStatusCodeHttpResult
{
    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    /// <summary>Runs the result against a detached response, so nothing reaches the client before it is stored.</summary>
    public static async Task<CapturedAnswer> FromAsync(IResult result, HttpContext http)
    {
        using var buffer = new MemoryStream();
        var capture = new DefaultHttpContext { RequestServices = http.RequestServices };
        capture.Response.Body = buffer;
        await result.ExecuteAsync(capture);
        await capture.Response.CompleteAsync();
        var location = capture.Response.Headers.Location.ToString();
        return new(capture.Response.StatusCode, capture.Response.ContentType, location.Length > 0 ? location : null, buffer.ToArray(), Replayed: false);
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        if (ContentType is not null) response.ContentType = ContentType;
        if (Location is not null) response.Headers.Location = Location;
        if (Replayed) response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        response.ContentLength = Body.Length;
        await response.Body.WriteAsync(Body, httpContext.RequestAborted);
    }
}
