using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AwsAssumeRole.Core.Output;

/// <summary>JSON written with <see cref="Utf8JsonWriter"/>: no reflection, exact control over the text.</summary>
internal static class JsonText
{
    /// <summary>Runs <paramref name="write"/> on a writer and returns the text plus a final LF.</summary>
    public static string Write(Action<Utf8JsonWriter> write, int indentSize)
    {
        var options = new JsonWriterOptions
        {
            Indented = indentSize > 0,
            IndentSize = Math.Max(indentSize, 1),
            NewLine = "\n",
            // Keep +, &, < and non-ASCII as they are (ARNs may hold '+'), as Python's json does.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
