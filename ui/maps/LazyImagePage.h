// SPDX-License-Identifier: GPL-2.0-or-later
// A details page that reads the selected image only while it is shown: setImage() remembers
// the file, and the page opens it when it is (or becomes) visible, once per file until
// reload() asks for a fresh read (Refresh, F5). The map, refcount and chain pages share it.
#pragma once

#include <QWidget>

namespace diskscope::ui {

class LazyImagePage : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    // The image to show; it is read when the page is (or becomes) visible.
    void setImage(const QString& path);
    // Nothing selected: drops what is shown.
    void clear();
    // Reads the image again: now if the page is visible, else when it is next shown.
    void reload();
    const QString& imagePath() const { return m_path; }

protected:
    // Starts reading `path` (the page is visible); a later call supersedes an earlier one.
    virtual void openImage(const QString& path) = 0;
    // Stops any read and shows nothing.
    virtual void clearPage() = 0;
    void showEvent(QShowEvent* event) override;

private:
    void openIfVisible();

    QString m_path;
    QString m_openedPath;
};

}  // namespace diskscope::ui
