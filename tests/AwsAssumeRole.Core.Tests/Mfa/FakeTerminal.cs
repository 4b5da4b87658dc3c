using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Core.Tests.Mfa;

/// <summary>A terminal that answers prompts with scripted lines and keeps the prompts it was shown.</summary>
internal sealed class FakeTerminal(bool available, params string[] answers) : ITerminal
{
    private readonly Queue<string> answers = new(answers);

    public List<string> Prompts { get; } = [];

    public bool IsAvailable => available;

    public Task<string?> PromptAsync(string prompt, CancellationToken cancellationToken)
    {
        if (!available)
        {
            return Task.FromResult<string?>(null);
        }

        Prompts.Add(prompt);
        return Task.FromResult<string?>(answers.Dequeue());
    }
}
