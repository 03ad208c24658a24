// SPDX-License-Identifier: GPL-2.0-or-later
#include "maps/LazyImagePage.h"

namespace diskscope::ui {

void LazyImagePage::setImage(const QString& path)
{
    m_path = path;
    openIfVisible();
}

void LazyImagePage::clear()
{
    m_path.clear();
    m_openedPath.clear();
    clearPage();
}

void LazyImagePage::reload()
{
    m_openedPath.clear();
    openIfVisible();
}

void LazyImagePage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    openIfVisible();
}

void LazyImagePage::openIfVisible()
{
    if (!isVisible() || m_path.isEmpty() || m_path == m_openedPath)
        return;
    m_openedPath = m_path;
    openImage(m_path);
}

}  // namespace diskscope::ui
