using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Platform.Web;

/// <summary>
/// Finds every string in a request, however deep (<c>intervals[2].start</c>), and checks it with <see cref="InputText"/>.
/// Paths are the JSON field names clients and use cases already use, so a page can show each problem next to its field.
/// </summary>
public static class TextInspector
{
    private const int MaxDepth = 6;

    private static readonly ConcurrentDictionary<Type, Inspect?> Requests = new();

    /// <summary>Checks a value found at <c>path</c>, adding what is wrong with it under that path.</summary>
    public delegate void Inspect(object? value, string path, Dictionary<string, string[]> errors, IStringLocalizer<WebText> words);

    /// <summary>Adds the problems of every text in <paramref name="request"/> to <paramref name="errors"/>, keyed by field.</summary>
    public static void AddProblems(object request, Dictionary<string, string[]> errors, IStringLocalizer<WebText> words) =>
        Requests.GetOrAdd(request.GetType(), type => For(type, multiline: false))?.Invoke(request, "", errors, words);

    /// <summary>How to check a value of this type; null when it can hold no text. Built once per type, not per request.</summary>
    public static Inspect? For(Type type, bool multiline) => For(type, multiline, depth: 0);

    public static bool IsList(Type type) => ElementType(type) is not null;

    private static Inspect? For(Type type, bool multiline, int depth)
    {
        if (type == typeof(string))
        {
            return (value, path, errors, words) =>
            {
                if (InputText.Problem(value as string, multiline, words) is { } problem) errors.TryAdd(path, [problem]);
            };
        }
        if (depth >= MaxDepth || !MayHoldText(type)) return null;

        if (ElementType(type) is { } elementType)
        {
            if (For(elementType, multiline, depth + 1) is not { } inspectItem) return null;
            return (value, path, errors, words) =>
            {
                if (value is not IEnumerable items) return;
                var index = 0;
                foreach (var item in items) inspectItem(item, $"{path}[{index++}]", errors, words);
            };
        }

        var members = new List<(PropertyInfo Property, string Name, Inspect Inspect)>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // Only what a client can send: a computed property (no setter) is derived from the others.
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null || property.SetMethod is null
                || property.IsDefined(typeof(JsonIgnoreAttribute))) continue;
            var memberMultiline = InputText.IsMultiline(property) || ConstructorSaysMultiline(type, property);
            if (For(property.PropertyType, memberMultiline, depth + 1) is { } inspect) members.Add((property, JsonName(property), inspect));
        }
        if (members.Count == 0) return null;
        return (value, path, errors, words) =>
        {
            if (value is null) return;
            foreach (var (property, name, inspect) in members) inspect(property.GetValue(value), path.Length == 0 ? name : $"{path}.{name}", errors, words);
        };
    }

    /// <summary>Only the app's own request types, strings and lists of them can carry text a client typed.</summary>
    private static bool MayHoldText(Type type) =>
        type.Assembly == typeof(TextInspector).Assembly && !typeof(Delegate).IsAssignableFrom(type)
        || ElementType(type) is not null;

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        var element = enumerable?.GetGenericArguments()[0];
        return element is not null && (element == typeof(string) || element.Assembly == typeof(TextInspector).Assembly) ? element : null;
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>A record's positional parameter carries the attribute written on it, not its property.</summary>
    private static bool ConstructorSaysMultiline(Type type, PropertyInfo property) =>
        type.GetConstructors().SelectMany(c => c.GetParameters())
            .Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase) && InputText.IsMultiline(p));
}
