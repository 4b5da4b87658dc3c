namespace AwsAssumeRole.Core.Errors;

/// <summary>
/// An I/O failure whose message the tool wrote itself (a folder refused, a lock that could not be
/// made): <see cref="SystemErrors.Describe"/> shows its message as it is, where a runtime
/// exception's message (a resource key in the native binary) is replaced by words of our own.
/// </summary>
/// <param name="message">One line for the person at the terminal; never a secret.</param>
/// <param name="innerException">The runtime's failure underneath, if any.</param>
public class DescribedIOException(string message, Exception? innerException = null) : IOException(message, innerException);
