using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CareSlot.Web.Platform.Security.Encryption;

public enum EncryptedColumnKind
{
    /// <summary>A <c>string</c> property sealed with <see cref="FieldProtector.Seal"/>.</summary>
    Text,

    /// <summary>A <c>byte[]</c> property sealed with <see cref="FieldProtector.SealBytes"/>.</summary>
    Blob,
}

/// <summary>A feature's encrypted property, as it registers it (<see cref="EncryptedColumnsExtensions.AddEncryptedColumn{TEntity}"/>).</summary>
public sealed record EncryptedColumnRegistration(Type Entity, string Property);

/// <summary>An encrypted column as the database names it, so that one loop of plain SQL serves SQLite and PostgreSQL.</summary>
/// <param name="AssociatedColumn">The column name sealed into the value (the property's name), which opening needs again.</param>
public sealed record EncryptedColumn(string Table, string? Schema, string IdColumn, string Column, string AssociatedColumn, EncryptedColumnKind Kind)
{
    public string Name => $"{Table}.{Column}";

    internal string QuotedTable => Schema is null ? Quote(Table) : $"{Quote(Schema)}.{Quote(Table)}";

    internal static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

/// <summary>
/// Every column that holds sealed health information, which key rotation (<see cref="PhiRotation"/>, <c>rotate-keys</c>)
/// walks. Each feature registers its own, from its registration: <c>services.AddEncryptedColumn&lt;Appointment&gt;(nameof(Appointment.Reason))</c>.
/// <para>What an owner of an encrypted column must hold to (the rotation depends on it):</para>
/// <list type="bullet">
/// <item>The entity's primary key is one <see cref="Guid"/>, and every value is sealed with that row's id and the
/// property's name as the column (<c>protector.Seal(text, row.Id, nameof(Row.Property))</c>).</item>
/// <item>Text: a <c>string</c> column holding only sealed text or NULL; a column that held plaintext before it was
/// encrypted may still hold some, which start-up and <c>rotate-keys</c> seal; read it with
/// <see cref="FieldProtector.OpenOrLegacy"/> until then. Its length is <see cref="FieldProtector.SealedLength"/> of the
/// plaintext's limit; the input limit stays the plaintext's.</item>
/// <item>Blob: a <c>byte[]</c> column (<c>bytea</c>/<c>BLOB</c>) holding the whole value of
/// <see cref="FieldProtector.SealBytes"/> or NULL: not chunked over rows, not in files, never plaintext. No key-id column
/// is needed: a sealed blob starts with the ASCII bytes of <c>phi1:KEYID:</c>, and rotation finds the blobs of older keys
/// by that prefix in SQL (<c>substr(column, 1, n) &lt;&gt; prefix</c>).</item>
/// <item>A write replaces the whole value. Rotation re-seals a value only where it is still the value it read
/// (<c>UPDATE … WHERE id = @id AND column = @old</c>), so a write of the app meanwhile wins and is never lost; an app
/// instance sealing with an older key than <c>CurrentKeyId</c> would leave work for the next run, so every instance is
/// switched to the new key before rotating (docs/security.md).</item>
/// </list>
/// </summary>
public sealed class EncryptedColumns(IEnumerable<EncryptedColumnRegistration> registrations)
{
    public IReadOnlyList<EncryptedColumnRegistration> Registrations { get; } = [.. registrations];

    /// <summary>The registered columns as <paramref name="model"/> maps them; throws when one breaks the rules above.</summary>
    public IReadOnlyList<EncryptedColumn> Resolve(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [.. Registrations.Select(r => Resolve(model, r))];
    }

    private static EncryptedColumn Resolve(IModel model, EncryptedColumnRegistration registration)
    {
        var entity = model.FindEntityType(registration.Entity)
            ?? throw new InvalidOperationException($"{registration.Entity.Name} is registered as encrypted but is not in the model.");
        var table = entity.GetTableName() ?? throw new InvalidOperationException($"{entity.DisplayName()} has no table.");
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var key = entity.FindPrimaryKey();
        if (key is not { Properties: [{ } id] } || id.ClrType != typeof(Guid))
        {
            throw new InvalidOperationException($"{entity.DisplayName()} has encrypted columns, so its primary key must be one Guid (the associated data).");
        }
        var property = entity.FindProperty(registration.Property)
            ?? throw new InvalidOperationException($"{entity.DisplayName()} has no property {registration.Property}.");
        var kind = property.ClrType == typeof(string) ? EncryptedColumnKind.Text
            : property.ClrType == typeof(byte[]) ? EncryptedColumnKind.Blob
            : throw new InvalidOperationException($"{entity.DisplayName()}.{property.Name} is neither text nor bytes, so it cannot hold a sealed value.");
        return new EncryptedColumn(table, entity.GetSchema(), id.GetColumnName(store)!, property.GetColumnName(store)!, property.Name, kind);
    }
}

public static class EncryptedColumnsExtensions
{
    /// <summary>Registers <typeparamref name="TEntity"/>'s <paramref name="property"/> as sealed, so key rotation re-seals it.</summary>
    public static IServiceCollection AddEncryptedColumn<TEntity>(this IServiceCollection services, string property) where TEntity : class =>
        services.AddSingleton(new EncryptedColumnRegistration(typeof(TEntity), property));
}
