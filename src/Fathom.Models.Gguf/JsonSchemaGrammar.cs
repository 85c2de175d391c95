using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fathom.Models.Gguf;

/// <summary>
/// Turns the JSON schema of a structured answer into a GBNF grammar, so that llama.cpp can only
/// sample text that parses as that JSON. Covers what the research answers use — objects with fixed
/// properties, strings, numbers, booleans and arrays — and bounds every string and array, so that
/// any model, however small, finishes the object within a known number of tokens.
/// </summary>
public static class JsonSchemaGrammar
{
    /// <summary>Longest string the grammar allows, in characters.</summary>
    public const int MaxString = 400;

    /// <summary>Most items an array may have.</summary>
    public const int MaxItems = 8;

    /// <summary>Any JSON object, for a JSON answer without a schema.</summary>
    public const string AnyJson = """
        root   ::= object
        value  ::= object | array | string | number | ("true" | "false" | "null") ws
        object ::= "{" ws ( string ":" ws value ("," ws string ":" ws value)* )? "}" ws
        array  ::= "[" ws ( value ("," ws value)* )? "]" ws
        string ::= "\"" ( [^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F]) )* "\"" ws
        number ::= "-"? ([0-9] | [1-9] [0-9]*) ("." [0-9]+)? ([eE] [-+]? [0-9]+)? ws
        ws     ::= ([ \t\n] ws)?
        """;

    /// <summary>The grammar for <paramref name="schema"/>, its start rule named <c>root</c>.</summary>
    /// <exception cref="NotSupportedException">The schema uses a construct the grammar does not cover.</exception>
    public static string For(JsonElement schema)
    {
        var rules = new List<string>();
        var root = Rule(schema, "root", rules);
        var text = new StringBuilder();
        if (root != "root")
        {
            text.Append("root ::= ").Append(root).Append('\n');
        }

        foreach (var rule in rules)
        {
            text.Append(rule).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"str ::= \"\\\"\" [ !#-\\[\\]-~]{{1,{MaxString}}} \"\\\"\"\n");
        text.Append("num ::= \"-\"? [0-9] [0-9]? [0-9]? (\".\" [0-9] [0-9]?)?\n");
        text.Append("bool ::= \"true\" | \"false\"\n");
        text.Append("ws ::= [ ]?\n");
        return text.ToString();
    }

    /// <summary>The name of the rule for <paramref name="schema"/>, adding the rules it needs.</summary>
    private static string Rule(JsonElement schema, string name, List<string> rules) => TypeOf(schema) switch
    {
        "string" => "str",
        "number" or "integer" => "num",
        "boolean" => "bool",
        "array" => Array(schema, name, rules),
        "object" => Object(schema, name, rules),
        var other => throw new NotSupportedException($"JSON schema type '{other}' has no grammar rule."),
    };

    private static string Object(JsonElement schema, string name, List<string> rules)
    {
        var parts = new List<string>();
        foreach (var property in schema.GetProperty("properties").EnumerateObject())
        {
            var value = Rule(property.Value, $"{name}-{property.Name.Replace('_', '-')}", rules);
            parts.Add($"\"\\\"{property.Name}\\\":\" ws {value}");
        }

        rules.Add($"{name} ::= \"{{\" ws {string.Join(" \",\" ws ", parts)} ws \"}}\"");
        return name;
    }

    private static string Array(JsonElement schema, string name, List<string> rules)
    {
        var item = schema.TryGetProperty("items", out var items) ? Rule(items, name + "-item", rules) : "str";
        rules.Add(string.Create(CultureInfo.InvariantCulture, $"{name} ::= \"[\" ws ({item} (\",\" ws {item}){{0,{MaxItems - 1}}})? ws \"]\""));
        return name;
    }

    /// <summary>The schema's type, ignoring the "null" that optional properties add.</summary>
    private static string TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : "string";
        }

        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()!).First(t => t != "null")
            : type.GetString()!;
    }
}
