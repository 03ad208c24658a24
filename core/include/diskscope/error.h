// SPDX-License-Identifier: GPL-2.0-or-later
// Errors as values: every fallible engine call returns Status or Result<T>.
// I/O failures and malformed images are expected outcomes the caller decides on.
#pragma once

#include <cerrno>
#include <string>
#include <utility>
#include <variant>

namespace diskscope {

enum class ErrorCode {
    NotFound,         // a file or a named object (snapshot, layer) does not exist
    InvalidArgument,  // the caller asked for something impossible
    Corrupt,          // the image contradicts its format
    Unsupported,      // valid but not handled (encryption, unknown feature bits)
    IoError,          // the host file failed
    NoSpace,          // the host file system is full
    Locked,           // another process holds the image
    Cancelled,        // the caller's stop token fired
    Untrusted,        // a name stored in an image leads outside its directory tree: needs consent
};

struct Error {
    ErrorCode code = ErrorCode::IoError;
    int sysErrno = 0;      // errno behind an I/O error, 0 otherwise
    std::string path;      // file the error is about, if any
    std::string message;   // what is wrong, with context ("qcow2 header: cluster_bits 3 is outside 9..21")
};

Error makeError(ErrorCode code, std::string message, std::string path = {});
// An error from errno: code IoError, NotFound or NoSpace depending on the value.
Error makeSystemError(int err, std::string what, std::string path = {});

// "path: message", or just the message when there is no path.
std::string describe(const Error& error);

// A value or an Error. Cheap to move; no exceptions.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_state); }
    const T& value() const& { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const& { return std::get<1>(m_state); }
    Error&& error() && { return std::get<1>(std::move(m_state)); }

private:
    std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const& { return m_error; }
    Error&& error() && { return std::move(m_error); }

private:
    Error m_error;
    bool m_failed = false;
};

using Status = Result<void>;

inline Status okStatus() { return {}; }

}  // namespace diskscope

// Propagate a failed Status/Result from the enclosing function.
#define DS_TRY(expr)                                        \
    do {                                                    \
        auto&& ds_try_result_ = (expr);                     \
        if (!ds_try_result_.ok())                           \
            return std::move(ds_try_result_).error();       \
    } while (0)

#define DS_CONCAT_INNER_(a, b) a##b
#define DS_CONCAT_(a, b) DS_CONCAT_INNER_(a, b)
// `DS_ASSIGN_OR_RETURN(auto x, f());` declares x from a Result or returns its error.
#define DS_ASSIGN_OR_RETURN(decl, expr) DS_ASSIGN_OR_RETURN_IMPL_(DS_CONCAT_(ds_result_, __LINE__), decl, expr)
#define DS_ASSIGN_OR_RETURN_IMPL_(tmp, decl, expr) \
    auto tmp = (expr);                             \
    if (!tmp.ok())                                 \
        return std::move(tmp).error();             \
    decl = std::move(tmp).value()
